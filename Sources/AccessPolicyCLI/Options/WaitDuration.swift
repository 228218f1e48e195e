import ArgumentParser

/// A duration on the command line: `90s`, `2m`, `500ms`, `1h`, or plain seconds.
struct WaitDuration: ExpressibleByArgument, Sendable, CustomStringConvertible {
    var duration: Duration
    var text: String

    init?(argument: String) {
        let units: [(String, Duration)] = [
            ("ms", .milliseconds(1)), ("s", .seconds(1)), ("m", .seconds(60)), ("h", .seconds(3600)),
        ]
        for (suffix, unit) in units where argument.hasSuffix(suffix) {
            let number = argument.dropLast(suffix.count)
            // "ms" also ends in "s": only accept a pure number before the suffix.
            guard let value = Double(number), value >= 0 else { continue }
            duration = unit * value
            text = argument
            return
        }
        guard let seconds = Double(argument), seconds >= 0 else { return nil }
        duration = .seconds(seconds)
        text = argument
    }

    var description: String { text }
    var defaultValueDescription: String { text }
}

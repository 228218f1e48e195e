import Foundation

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// The process's stdout and stderr: data on one, messages and progress on the other (DESIGN.md §3).
struct Console: Sendable {
    var environment: [String: String]

    static let live = Console(environment: ProcessInfo.processInfo.environment)

    func out(_ text: String) {
        FileHandle.standardOutput.write(Data(text.utf8))
    }

    func err(_ text: String) {
        FileHandle.standardError.write(Data(text.utf8))
    }

    var stdoutIsTTY: Bool { isatty(STDOUT_FILENO) == 1 }
    var stderrIsTTY: Bool { isatty(STDERR_FILENO) == 1 }
    var stdinIsTTY: Bool { isatty(STDIN_FILENO) == 1 }

    /// Colors only on a terminal, never with `NO_COLOR` (https://no-color.org) or `TERM=dumb`.
    var colorsOnStdout: Bool {
        stdoutIsTTY && environment["NO_COLOR"].map(\.isEmpty) ?? true && environment["TERM"] != "dumb"
    }

    /// Progress lines go to stderr, and only when a person is watching it.
    func progress(_ text: String) {
        guard stderrIsTTY else { return }
        err("\r\u{1B}[2K\(text)")
    }

    func endProgress() {
        guard stderrIsTTY else { return }
        err("\r\u{1B}[2K")
    }
}

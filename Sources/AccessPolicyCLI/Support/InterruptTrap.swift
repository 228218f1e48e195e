import AccessPolicy
import Foundation
import UnixSignals

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// Ctrl-C during apply's writes, or a CI runner cancelling the job (SIGTERM) or losing its terminal (SIGHUP):
/// the first signal stops new writes and lets the ones in flight finish, so the report can say exactly what was
/// written; the second exits at once.
///
/// Only apply's write phase traps them. Everywhere else (plan, validate, export, and apply before the
/// approval) nothing has been written, so the default, immediate exit is right.
enum InterruptTrap {
    /// The signals that stop an apply: Ctrl-C, a cancelled CI job, a closed terminal.
    static let signals: [(UnixSignal, Int32)] = [(.sigint, SIGINT), (.sigterm, SIGTERM), (.sighup, SIGHUP)]

    /// Runs `body` with the signals trapped and an ``ApplyStop`` that the first one requests; restores their
    /// default actions afterwards.
    static func trappingInterrupts<T: Sendable>(console: any Console, _ body: (ApplyStop) async -> T) async -> T {
        let value = await trapped(console: console, body)
        // The signal source is gone with `trapped`'s frame; only now can the default actions come back.
        for (_, number) in signals { signal(number, SIG_DFL) }
        return value
    }

    private static func trapped<T: Sendable>(console: any Console, _ body: (ApplyStop) async -> T) async -> T {
        let stop = ApplyStop()
        // Awaits the handlers' registration, so a signal right after this line is not lost.
        let trapped = await UnixSignalsSequence(trapping: signals.map(\.0))
        return await withTaskGroup(of: T?.self) { group in
            group.addTask {
                for await signal in trapped {
                    if stop.request() {
                        console.endProgress()
                        console.err(
                            "\ninterrupted (\(signal)): sending no new writes; letting the writes in flight finish "
                                + "(send it again, or press Ctrl-C, to exit at once)\n")
                    } else {
                        console.err(
                            "\ninterrupted again (\(signal)): exiting now; a write in flight may or may not have "
                                + "taken effect, run `accesspolicy plan` to see what is left\n")
                        exit(ExitOutcome.failure.rawValue)
                    }
                }
                return nil
            }
            let value = await body(stop)
            // Ends the signal loop (an AsyncStream iteration ends when its task is cancelled).
            group.cancelAll()
            return value
        }
    }
}

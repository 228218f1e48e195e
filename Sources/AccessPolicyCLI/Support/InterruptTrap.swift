import AccessPolicy
import Foundation
import UnixSignals

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// Ctrl-C during apply's writes: the first stops new writes and lets the ones in flight finish, so the report
/// can say exactly what was written; the second exits at once.
///
/// Only apply's write phase traps SIGINT. Everywhere else (plan, validate, export, and apply before the
/// approval) nothing has been written, so the default, immediate exit is right.
enum InterruptTrap {
    /// Runs `body` with SIGINT trapped and an ``ApplyStop`` that the first SIGINT requests; restores the
    /// default SIGINT action afterwards.
    static func trappingInterrupts<T: Sendable>(console: Console, _ body: (ApplyStop) async -> T) async -> T {
        let value = await trapped(console: console, body)
        // The signal source is gone with `trapped`'s frame; only now can the default action come back.
        signal(SIGINT, SIG_DFL)
        return value
    }

    private static func trapped<T: Sendable>(console: Console, _ body: (ApplyStop) async -> T) async -> T {
        let stop = ApplyStop()
        // Awaits the handler's registration, so a Ctrl-C right after this line is not lost.
        let signals = await UnixSignalsSequence(trapping: .sigint)
        return await withTaskGroup(of: T?.self) { group in
            group.addTask {
                for await _ in signals {
                    if stop.request() {
                        console.endProgress()
                        console.err(
                            "\ninterrupted: sending no new writes; letting the writes in flight finish "
                                + "(press Ctrl-C again to exit at once)\n")
                    } else {
                        console.err(
                            "\ninterrupted again: exiting now; a write in flight may or may not have taken effect, "
                                + "run `accesspolicy plan` to see what is left\n")
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

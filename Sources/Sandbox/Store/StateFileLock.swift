import Foundation

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// An exclusive lock on a sandbox state file, held for as long as one process serves that tenant, so that two
/// runs at once (two `apply`s, or `apply` beside `sandbox serve`) take turns instead of each saving its own
/// copy and losing the other's writes.
///
/// A `flock` on `STATE.lock` beside the state file: the kernel drops it when the process ends, however it
/// ends, so a killed run never leaves a stale lock. The file says who holds it, for the waiter's message.
public final class StateFileLock: Sendable {
    private let descriptor: Int32

    /// Why the lock could not be taken.
    public struct Failure: Error, Sendable, CustomStringConvertible {
        public var description: String
    }

    private init(descriptor: Int32) {
        self.descriptor = descriptor
    }

    deinit {
        // Closing the descriptor releases the lock.
        close(descriptor)
    }

    /// Takes the lock for `stateFile`, waiting up to `timeout` while another process holds it.
    /// - Parameters:
    ///   - holder: who is taking it, written into the lock file (e.g. "accesspolicy apply").
    ///   - onWait: called once, with what the lock file says about its holder, if the lock is held.
    /// - Throws: ``Failure`` when the lock file cannot be opened, or the lock is still held after `timeout`.
    public static func acquire(
        for stateFile: URL, holder: String, timeout: Duration, onWait: (String) -> Void
    ) async throws -> StateFileLock {
        let path = stateFile.path + ".lock"
        // A folder that cannot be made shows as the open below failing, with the reason.
        try? FileManager.default.createDirectory(
            at: stateFile.deletingLastPathComponent(), withIntermediateDirectories: true)
        let descriptor = open(path, O_RDWR | O_CREAT | O_CLOEXEC, 0o644)
        guard descriptor >= 0 else {
            throw Failure(
                description: "cannot open the sandbox lock file \"\(path)\": \(String(cString: strerror(errno)))")
        }
        let lock = StateFileLock(descriptor: descriptor)
        let clock = ContinuousClock()
        let deadline = clock.now.advanced(by: timeout)
        var told = false
        while flock(descriptor, LOCK_EX | LOCK_NB) != 0 {
            guard errno == EWOULDBLOCK || errno == EINTR else {
                throw Failure(description: "cannot lock \"\(path)\": \(String(cString: strerror(errno)))")
            }
            let owner = lock.contents()
            guard clock.now < deadline else {
                throw Failure(
                    description: "the sandbox state \"\(stateFile.path)\" is still in use by \(owner) after "
                        + "\(timeout); stop that run or try again")
            }
            if !told {
                onWait(owner)
                told = true
            }
            try await Task.sleep(for: .milliseconds(100))
        }
        lock.record("pid \(getpid()) (\(holder))")
        return lock
    }

    /// What the lock file says about its holder.
    private func contents() -> String {
        var buffer = [UInt8](repeating: 0, count: 256)
        let count = pread(descriptor, &buffer, buffer.count, 0)
        let text = count > 0 ? String(decoding: buffer.prefix(count), as: UTF8.self) : ""
        return text.isEmpty ? "another process" : text
    }

    private func record(_ text: String) {
        let bytes = Array(text.utf8)
        _ = ftruncate(descriptor, 0)
        _ = bytes.withUnsafeBytes { pwrite(descriptor, $0.baseAddress, $0.count, 0) }
    }
}

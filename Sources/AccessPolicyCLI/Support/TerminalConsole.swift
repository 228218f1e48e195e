#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// The process's own stdout, stderr and stdin.
struct TerminalConsole: Console {
    func out(_ text: String) {
        Self.write(text, to: STDOUT_FILENO)
    }

    func err(_ text: String) {
        Self.write(text, to: STDERR_FILENO)
    }

    var stdoutIsTTY: Bool { isatty(STDOUT_FILENO) == 1 }
    var stderrIsTTY: Bool { isatty(STDERR_FILENO) == 1 }
    var stdinIsTTY: Bool { isatty(STDIN_FILENO) == 1 }

    func readAnswer() -> String? { readLine() }

    /// Writes all of `text`. A closed pipe (`accesspolicy apply | head -1`) or any other write error drops
    /// the rest instead of crashing: the run goes on, and its exit code still tells what it did. SIGPIPE is
    /// ignored for the whole process (``prepareStandardStreams()``), so such a write fails with EPIPE.
    private static func write(_ text: String, to descriptor: Int32) {
        var bytes = Array(text.utf8)[...]
        var waits = 0
        while !bytes.isEmpty {
            let count = bytes.withUnsafeBytes { systemWrite(descriptor, $0.baseAddress, $0.count) }
            if count < 0 && errno == EINTR { continue }
            // A non-blocking stdout that is full: wait for room (a few seconds at most) rather than drop output.
            if count < 0 && (errno == EAGAIN || errno == EWOULDBLOCK) && waits < 50 {
                var ready = pollfd(fd: descriptor, events: Int16(POLLOUT), revents: 0)
                _ = poll(&ready, 1, 100)
                waits += 1
                continue
            }
            guard count > 0 else { return }
            bytes = bytes.dropFirst(count)
        }
    }

    /// Makes writes to a closed pipe or socket fail with EPIPE instead of killing the process: a reader that
    /// goes away (`| head`, a CI log collector) must not cut an apply short without its report.
    ///
    /// Also opens `/dev/null` on any of stdin, stdout and stderr that the process was started without
    /// (`accesspolicy plan >&-`): otherwise the next file or socket opened takes that number, and output meant
    /// for the terminal would be written into it.
    static func prepareStandardStreams() {
        signal(SIGPIPE, SIG_IGN)
        for descriptor in [STDIN_FILENO, STDOUT_FILENO, STDERR_FILENO] where fcntl(descriptor, F_GETFD) == -1 {
            let null = open("/dev/null", descriptor == STDIN_FILENO ? O_RDONLY : O_WRONLY)
            if null >= 0 && null != descriptor {
                dup2(null, descriptor)
                close(null)
            }
        }
    }
}

#if canImport(Glibc)
    private let systemWrite = Glibc.write
#elseif canImport(Darwin)
    private let systemWrite = Darwin.write
#endif

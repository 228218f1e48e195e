/// Where a command's output goes and its one question comes from: data on stdout, messages and progress on
/// stderr (DESIGN.md §3). A protocol so that command tests run in-process with a console that records.
protocol Console: Sendable {
    func out(_ text: String)
    func err(_ text: String)
    var stdoutIsTTY: Bool { get }
    var stderrIsTTY: Bool { get }
    var stdinIsTTY: Bool { get }
    /// A line typed in answer to a question; nil at the end of input.
    func readAnswer() -> String?
}

extension Console {
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

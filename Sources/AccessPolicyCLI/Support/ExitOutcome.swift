/// The process exit codes of DESIGN.md §3, like `terraform plan -detailed-exitcode`, refined.
///
/// Not named `ExitStatus`: Swift Testing exports a type of that name and test files importing both would
/// not compile.
enum ExitOutcome: Int32, Sendable {
    case success = 0
    case failure = 1
    case changesPending = 2
    case blocked = 3
    case notConverged = 4
}

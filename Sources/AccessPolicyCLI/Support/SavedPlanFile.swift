import AccessPolicy
import Foundation

/// Reading `apply FILE`'s saved plan: a file that is not a complete, sealed plan of this format is refused here,
/// before the tenant is read (exit 3); one that cannot be read at all is an error (exit 1).
enum SavedPlanFile {
    enum Result {
        case read(SavedPlan?)
        /// Refused, with the reason printed.
        case refused
    }

    /// The biggest saved plan read: far above a plan of 100,000 changes (about 60 MB).
    static let maxBytes = 512 << 20

    static func read(_ path: String?, context: CommandContext) throws -> Result {
        guard let path else { return .read(nil) }
        let bytes = try context.fileSystem.readFile(path, limit: maxBytes)
        do throws(SavedPlanError) {
            return .read(try SavedPlan.decode(Data(bytes)))
        } catch {
            context.console.err("error: refusing to apply \(path): \(error); nothing was written\n")
            context.console.err("hint: run `accesspolicy plan --out FILE` again and review the new plan\n")
            return .refused
        }
    }
}

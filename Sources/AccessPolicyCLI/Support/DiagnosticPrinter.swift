import AccessPolicy
import YAMLTree

/// The one place diagnostics are printed: compiler style on stderr, then a count.
enum DiagnosticPrinter {
    static func print(_ errors: PolicyErrors, to console: any Console) {
        for diagnostic in errors.diagnostics {
            console.err(Escaped.text(diagnostic.description, keepingNewlines: true) + "\n")
        }
        let files = Set(errors.diagnostics.compactMap { $0.location?.file }).count
        let count = errors.errorCount
        var line = "\(count) error\(count == 1 ? "" : "s")"
        if files > 0 { line += " in \(files) file\(files == 1 ? "" : "s")" }
        console.err(line + "\n")
    }

    static func printWarnings(_ warnings: [Diagnostic], to console: any Console) {
        for warning in warnings { console.err(Escaped.text(warning.description, keepingNewlines: true) + "\n") }
    }
}

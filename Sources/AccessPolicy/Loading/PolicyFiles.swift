import Foundation
import YAMLTree

/// Finding and reading policy files on disk.
enum PolicyFiles {
    /// Every `*.yaml` / `*.yml` below `directory`, recursively, sorted; hidden files and folders are skipped.
    static func find(in directory: String) throws -> [String] {
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: directory, isDirectory: &isDirectory), isDirectory.boolValue
        else {
            throw PolicyErrors([
                Diagnostic(
                    at: nil, "policy directory \"\(directory)\" does not exist",
                    hint: "check the folder named by \"policies:\" in accesspolicy.yaml, --policies or --base-policies")
            ])
        }
        let base = directory.hasSuffix("/") ? String(directory.dropLast()) : directory
        var found: [String] = []
        var pending = [base]
        while let folder = pending.popLast() {
            let names = (try? FileManager.default.contentsOfDirectory(atPath: folder)) ?? []
            for name in names where !name.hasPrefix(".") {
                let path = folder == "." ? name : "\(folder)/\(name)"
                var childIsDirectory: ObjCBool = false
                guard FileManager.default.fileExists(atPath: path, isDirectory: &childIsDirectory) else { continue }
                if childIsDirectory.boolValue {
                    pending.append(path)
                } else if name.hasSuffix(".yaml") || name.hasSuffix(".yml") {
                    found.append(path)
                }
            }
        }
        return found.sorted()
    }

    /// The file's bytes, refusing files over `limit` before reading them.
    static func read(_ path: String, limit: Int) throws -> [UInt8] {
        let attributes = try? FileManager.default.attributesOfItem(atPath: path)
        if let size = attributes?[.size] as? Int, size > limit {
            throw FileTooLarge(size: size, limit: limit)
        }
        guard let data = FileManager.default.contents(atPath: path) else { throw Unreadable() }
        return [UInt8](data)
    }

    struct FileTooLarge: Error, CustomStringConvertible {
        var size: Int
        var limit: Int
        var description: String { "file is \(size) bytes, over the limit of \(limit) bytes" }
    }

    struct Unreadable: Error, CustomStringConvertible {
        var description: String { "cannot read file" }
    }
}

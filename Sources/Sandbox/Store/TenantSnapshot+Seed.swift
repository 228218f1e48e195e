import Foundation

extension TenantSnapshot {
    /// The built-in demo tenant: a few dozen roles and access profiles with owners, sources and
    /// descriptions, and fifteen common-access items (some confirmed or denied by a user, some only
    /// suggested by ISC).
    ///
    /// It is compiled into the binary (`Seed/catalog.json`, embedded), so an installed `accesspolicy` still
    /// has it. It deliberately contains the awkward cases a client must handle: two access profiles named
    /// "Finance Shared Drive" on different sources, and roles whose names contain `+`, `&`, `"` and `#`.
    public static func seeded() -> TenantSnapshot {
        do {
            return try Timestamp.snapshotDecoder().decode(
                TenantSnapshot.self, from: Data(PackageResources.catalog_json))
        } catch {
            // Build-time data, not user input; SeedTests prove it decodes.
            preconditionFailure("the embedded sandbox seed does not decode: \(error)")
        }
    }
}

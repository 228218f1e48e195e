import Foundation
import HTTPTypes
import HummingbirdTesting
import Sandbox
import Testing

@Suite("Persisting the tenant")
struct PersistenceTests {
    private func temporaryFile() -> URL {
        FileManager.default.temporaryDirectory
            .appendingPathComponent("sandbox-tests-\(UUID().uuidString)")
            .appendingPathComponent(".accesspolicy/sandbox-tenant.json")
    }

    @Test("a state file that cannot be read is one plain sentence with its path, no error domain or user info")
    func plainErrors() throws {
        let file = temporaryFile()
        defer { try? FileManager.default.removeItem(at: file.deletingLastPathComponent().deletingLastPathComponent()) }
        try FileManager.default.createDirectory(at: file, withIntermediateDirectories: true)
        let folder = try #require(throws: TenantStoreError.self) { try TenantStore.open(at: file) }
        #expect(folder.description == "cannot read the sandbox tenant file \(file.path): is a directory")
        try FileManager.default.removeItem(at: file)
        try Data("not json".utf8).write(to: file)
        let garbage = try #require(throws: TenantStoreError.self) { try TenantStore.open(at: file) }
        #expect(garbage.description.hasSuffix("`accesspolicy sandbox reset` starts over from the seed"))
        for error in [folder, garbage] {
            #expect(!error.description.contains("Domain"))
            #expect(!error.description.contains("\n"))
        }
    }

    @Test("writes are saved to the file and a store opened from it sees them")
    func roundTrip() async throws {
        let file = temporaryFile()
        defer { try? FileManager.default.removeItem(at: file.deletingLastPathComponent().deletingLastPathComponent()) }
        let store = try TenantStore.open(at: file)
        #expect(!FileManager.default.fileExists(atPath: file.path))

        let role = TenantSnapshot.seeded().roles.first { $0.name == "Legal Counsel" }!
        let denied = TenantSnapshot.seeded().commonAccess.first { $0.status == .denied }!
        try await withSandbox(store: store) { client in
            let client = try await client.authorized()
            let created = try await client.post(
                "/v2025/common-access", json: #"{"access":{"id":"\#(role.id)","type":"ROLE"},"status":"DENIED"}"#)
            #expect(created.status == .accepted)
            let updated = try await client.post(
                "/v2025/common-access/update-status", json: #"[{"confirmedIds":["\#(denied.id)"]}]"#)
            #expect(updated.status == .accepted)
        }
        #expect(FileManager.default.fileExists(atPath: file.path))

        let reopened = try TenantStore.open(at: file)
        let saved = await reopened.snapshot()
        #expect(saved == (await store.snapshot()))
        #expect(saved.commonAccess.contains { $0.accessID == role.id && $0.status == .denied })
        #expect(saved.commonAccess.first { $0.id == denied.id }?.status == .confirmed)
    }

    @Test("reset goes back to the seed and saves it")
    func reset() async throws {
        let file = temporaryFile()
        defer { try? FileManager.default.removeItem(at: file.deletingLastPathComponent().deletingLastPathComponent()) }
        let store = try TenantStore.open(at: file)
        var changed = TenantSnapshot.seeded()
        changed.commonAccess.removeAll()
        try await store.replace(with: changed)
        #expect(try await TenantStore.open(at: file).snapshot().commonAccess.isEmpty)

        try await store.reset()
        #expect(await store.snapshot() == .seeded())
        #expect(try await TenantStore.open(at: file).snapshot() == .seeded())
    }

    @Test("a file that does not decode is reported, not replaced")
    func unreadable() throws {
        let file = temporaryFile()
        defer { try? FileManager.default.removeItem(at: file.deletingLastPathComponent().deletingLastPathComponent()) }
        try FileManager.default.createDirectory(at: file.deletingLastPathComponent(), withIntermediateDirectories: true)
        try Data("{ not json".utf8).write(to: file)
        let error = try #require(throws: TenantStoreError.self) { try TenantStore.open(at: file) }
        guard case .unreadableFile(let path, _) = error else {
            Issue.record("unexpected \(error)")
            return
        }
        #expect(path == file.path)
        #expect(try String(contentsOf: file, encoding: .utf8) == "{ not json")
    }

    @Test("the snapshot encodes and decodes to the same value")
    func codable() throws {
        let snapshot = TenantSnapshot.generated(roles: 20, accessProfiles: 20, commonAccess: 30, seed: 3)
        let data = try JSONEncoder().encode(snapshot)
        #expect(try JSONDecoder().decode(TenantSnapshot.self, from: data) == snapshot)
    }
}

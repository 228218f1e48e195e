import Foundation
import HTTPTypes
import HummingbirdTesting
import Sandbox
import Testing

@Suite("Asynchronous writes (writeDelay)")
struct WriteDelayTests {
    @Test("a create and a status change show in GET only after writeDelay")
    func delayed() async throws {
        let store = TenantStore()
        // Long enough that the checks before it cannot be overtaken on a busy machine; then polled.
        let configuration = SandboxConfiguration(writeDelay: .seconds(4))
        let role = TenantSnapshot.seeded().roles.first { $0.name == "Release Manager" }!
        try await withSandbox(store: store, configuration: configuration) { client in
            let client = try await client.authorized()
            let before = try await client.listAll()
            let denied = try #require(before.first { $0.status == "DENIED" })

            let created = try await client.post(
                "/v2025/common-access", json: #"{"access":{"id":"\#(role.id)","type":"ROLE"},"status":"CONFIRMED"}"#)
            #expect(created.status == .accepted)
            let update = try await client.post(
                "/v2025/common-access/update-status", json: #"[{"confirmedIds":["\#(denied.id)"]}]"#)
            #expect(update.status == .accepted)

            let soon = try await client.listAll()
            #expect(soon == before)
            // The server already knows the item: a second create is refused, not doubled.
            let again = try await client.post(
                "/v2025/common-access", json: #"{"access":{"id":"\#(role.id)","type":"ROLE"},"status":"CONFIRMED"}"#)
            #expect(again.status == .badRequest)
            #expect(await store.snapshot().pendingWrites.count == 2)

            // Polled on what GET shows: the two writes fall due a moment apart.
            var later = try await client.listAll()
            let deadline = ContinuousClock.now.advanced(by: .seconds(60))
            while !(later.contains { $0.access.id == role.id }
                && later.first { $0.id == denied.id }?.status == "CONFIRMED"),
                ContinuousClock.now < deadline
            {
                try await Task.sleep(for: .milliseconds(100))
                later = try await client.listAll()
            }
            #expect(later.count == before.count + 1)
            #expect(later.contains { $0.access.id == role.id })
            #expect(later.first { $0.id == denied.id }?.status == "CONFIRMED")
            #expect(await store.snapshot().pendingWrites.isEmpty)
        }
    }

    @Test("an item whose create is still pending can already be updated by its id")
    func updatePendingCreate() async throws {
        let configuration = SandboxConfiguration(writeDelay: .milliseconds(300))
        let role = TenantSnapshot.seeded().roles.first { $0.name == "Executive Assistant" }!
        try await withSandbox(configuration: configuration) { client in
            let client = try await client.authorized()
            let created = try await client.post(
                "/v2025/common-access", json: #"{"access":{"id":"\#(role.id)","type":"ROLE"},"status":"CONFIRMED"}"#)
            let id = try created.decode(CreatedItem.self).id
            let update = try await client.post(
                "/v2025/common-access/update-status", json: #"[{"deniedIds":["\#(id)"]}]"#)
            #expect(update.status == .accepted)
            var status = try await client.listAll().first { $0.id == id }?.status
            let deadline = ContinuousClock.now.advanced(by: .seconds(60))
            while status != "DENIED", ContinuousClock.now < deadline {
                try await Task.sleep(for: .milliseconds(50))
                status = try await client.listAll().first { $0.id == id }?.status
            }
            #expect(status == "DENIED")
        }
    }
}

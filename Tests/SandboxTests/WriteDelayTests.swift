import AccessPolicyTestSupport
import Foundation
import HTTPTypes
import HummingbirdTesting
import Sandbox
import Testing

@Suite("Asynchronous writes (writeDelay)")
struct WriteDelayTests {
    @Test("a create and a status change show in GET only after writeDelay")
    func delayed() async throws {
        // Time moves only when the test moves it: the writes show exactly at their delay, never earlier.
        let clock = ManualClock()
        let time = manualTime(clock)
        let store = TenantStore(now: time.date)
        let configuration = SandboxConfiguration(writeDelay: .seconds(4), time: time)
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

            clock.advance(by: .milliseconds(3999))
            #expect(try await client.listAll() == before)
            clock.advance(by: .milliseconds(1))
            let later = try await client.listAll()
            #expect(later.count == before.count + 1)
            #expect(later.contains { $0.access.id == role.id })
            #expect(later.first { $0.id == denied.id }?.status == "CONFIRMED")
            #expect(await store.snapshot().pendingWrites.isEmpty)
        }
    }

    @Test("an item whose create is still pending can already be updated by its id")
    func updatePendingCreate() async throws {
        let clock = ManualClock()
        let configuration = SandboxConfiguration(writeDelay: .milliseconds(300), time: manualTime(clock))
        let role = TenantSnapshot.seeded().roles.first { $0.name == "Executive Assistant" }!
        try await withSandbox(configuration: configuration) { client in
            let client = try await client.authorized()
            let created = try await client.post(
                "/v2025/common-access", json: #"{"access":{"id":"\#(role.id)","type":"ROLE"},"status":"CONFIRMED"}"#)
            let id = try created.decode(CreatedItem.self).id
            let update = try await client.post(
                "/v2025/common-access/update-status", json: #"[{"deniedIds":["\#(id)"]}]"#)
            #expect(update.status == .accepted)
            #expect(try await client.listAll().first { $0.id == id } == nil)
            clock.advance(by: .milliseconds(300))
            #expect(try await client.listAll().first { $0.id == id }?.status == "DENIED")
        }
    }
}

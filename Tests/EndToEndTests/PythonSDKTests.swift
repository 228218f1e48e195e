import AccessPolicyTestSupport
import Foundation
import Sandbox
import Testing

/// DESIGN.md §5: a real client nobody here wrote must work against the sandbox unchanged.
@Suite("SailPoint's Python SDK against the sandbox")
struct PythonSDKTests {
    /// True when `python3` has `sailpoint.v2025` (.ci/run installs sailpoint==1.4.2).
    static let sdkInstalled = PythonProcess.hasSailPointSDK("python3")

    static let script = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
        .appendingPathComponent("PythonSDK/sdk_roundtrip.py")

    @Test(
        "sailpoint==1.4.2 lists, filters, creates and denies through the sandbox",
        .enabled(if: sdkInstalled, "pip install sailpoint==1.4.2 to run this test"))
    func roundTrip() async throws {
        let store = TenantStore()
        let output = try await Sandbox.withRunningServer(store: store) { port in
            try await PythonProcess.run(
                "python3",
                [Self.script.path, "http://127.0.0.1:\(port)", Sandbox.defaultClientID, Sandbox.defaultClientSecret])
        }
        #expect(output.0 == 0, "\(output.1)")
        #expect(output.1.hasSuffix("ok\n"))
        let item = await store.snapshot().commonAccess.first { $0.accessID == "2c918004af0d75019e3d9b10f16ed644" }
        #expect(item?.status == .denied)
    }
}

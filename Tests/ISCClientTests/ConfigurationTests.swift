import AccessPolicy
import Testing

@testable import ISCClient

@Suite("Configuration, environment and URL checks")
struct ConfigurationTests {
    static let credentials = ClientCredentials(clientID: "sandbox-client", clientSecret: canarySecret)

    @Test(
        "plain http to a host that is not loopback is refused at init",
        arguments: [
            "http://example.com", "http://acme.api.identitynow.com/", "http://10.0.0.1:8080", "HTTP://example.com",
        ])
    func insecureURLRefused(url: String) throws {
        let configuration = ISCClientConfiguration(baseURL: url, apiVersion: .v2025, credentials: Self.credentials)
        let error = try #require(throws: ISCError.self) { try ISCClient(configuration: configuration) }
        #expect(error.kind == .insecureURL)
        #expect(error.description.contains("https://"))
        #expect(!error.description.contains(canarySecret))
    }

    @Test(
        "https anywhere and plain http on loopback are accepted",
        arguments: [
            "https://acme.api.identitynow.com", "https://acme.api.identitynow.com/", "http://127.0.0.1:8080",
            "http://localhost:9", "http://[::1]:8080", "http://127.0.0.2",
        ])
    func acceptedURLs(url: String) throws {
        let configuration = ISCClientConfiguration(baseURL: url, apiVersion: .v2025, credentials: Self.credentials)
        _ = try ISCClient(configuration: configuration)
    }

    @Test(
        "unusable base URLs are configuration errors",
        arguments: [
            "", "acme.api.identitynow.com", "ftp://acme.example", "https://user:pw@acme.example",
            "https://acme.example?x=1",
        ])
    func invalidURLs(url: String) throws {
        let configuration = ISCClientConfiguration(baseURL: url, apiVersion: .v2025, credentials: Self.credentials)
        let error = try #require(throws: ISCError.self) { try ISCClient(configuration: configuration) }
        #expect(error.kind == .configuration)
        #expect(!error.description.contains("pw"))
    }

    @Test("request URLs are the base URL plus the path, without a doubled slash")
    func urlJoining() throws {
        let url = try ServiceURL("https://acme.api.identitynow.com/")
        #expect(
            url.url(path: "/v2025/common-access", query: "offset=0")
                == "https://acme.api.identitynow.com/v2025/common-access?offset=0")
        #expect(url.url(path: "/oauth/token", query: nil) == "https://acme.api.identitynow.com/oauth/token")
    }

    @Test("out-of-range settings are refused")
    func invalidSettings() throws {
        var configuration = ISCClientConfiguration(
            baseURL: "https://acme.example", apiVersion: .v2025, credentials: Self.credentials)
        configuration.pageSize = 251
        #expect(throws: ISCError.self) { try ISCClient(configuration: configuration) }
        configuration.pageSize = 250
        configuration.concurrency = 0
        #expect(throws: ISCError.self) { try ISCClient(configuration: configuration) }
        configuration.concurrency = 1
        configuration.rateLimit = RateLimit(requests: 0, window: .seconds(1))
        #expect(throws: ISCError.self) { try ISCClient(configuration: configuration) }
    }

    @Test("the environment gives base URL and credentials, trimmed")
    func environmentComplete() throws {
        let environment = try ISCEnvironment.fromEnvironment([
            "SAIL_BASE_URL": " https://acme.api.identitynow.com ", "SAIL_CLIENT_ID": "client-1",
            "SAIL_CLIENT_SECRET": "\(canarySecret)\n", "UNRELATED": "x",
        ])
        #expect(environment.baseURL == "https://acme.api.identitynow.com")
        #expect(environment.credentials.clientID == "client-1")
        #expect(environment.credentials.clientSecret == canarySecret)
        #expect(!String(describing: environment).contains(canarySecret))
        let configuration = ISCClientConfiguration(environment: environment, apiVersion: .v1)
        #expect(configuration.apiVersion == .v1)
    }

    @Test(
        "missing environment variables are all named and no value is echoed",
        arguments: [
            (["SAIL_CLIENT_ID": "client-1", "SAIL_CLIENT_SECRET": canarySecret], ["SAIL_BASE_URL"]),
            (["SAIL_BASE_URL": "https://acme.example", "SAIL_CLIENT_ID": "client-1"], ["SAIL_CLIENT_SECRET"]),
            (
                ["SAIL_BASE_URL": "https://acme.example", "SAIL_CLIENT_ID": " ", "SAIL_CLIENT_SECRET": ""],
                ["SAIL_CLIENT_ID", "SAIL_CLIENT_SECRET"]
            ),
            ([:], ["SAIL_BASE_URL", "SAIL_CLIENT_ID", "SAIL_CLIENT_SECRET"]),
        ])
    func environmentMissing(env: [String: String], missing: [String]) throws {
        let error = try #require(throws: ISCError.self) { try ISCEnvironment.fromEnvironment(env) }
        #expect(error.kind == .configuration)
        let message = try #require(error.message)
        for name in missing { #expect(message.contains(name)) }
        for name in ["SAIL_BASE_URL", "SAIL_CLIENT_ID", "SAIL_CLIENT_SECRET"] where !missing.contains(name) {
            #expect(!message.contains(name))
        }
        #expect(!error.description.contains(canarySecret))
        #expect(!error.description.contains("client-1"))
        #expect(!error.description.contains("acme.example"))
    }

    @Test("credentials never print their secret")
    func credentialsRedacted() {
        let credentials = ClientCredentials(clientID: "sandbox-client", clientSecret: canarySecret)
        #expect(credentials.description == "client sandbox-client (secret redacted)")
        #expect(!String(reflecting: credentials).contains(canarySecret))
        var dumped = ""
        dump(credentials, to: &dumped)
        #expect(!dumped.contains(canarySecret))
        #expect(dumped.contains("sandbox-client"))
    }
}

import AccessPolicy
import Testing

@testable import ISCClient

@Suite("Strict query encoding and filter escaping")
struct EncodingTests {
    @Test(
        "only unreserved characters stay literal",
        arguments: [
            ("abcXYZ019-._~", "abcXYZ019-._~"),
            ("a b", "a%20b"),
            ("a+b", "a%2Bb"),
            ("\"q\"", "%22q%22"),
            ("#1", "%231"),
            ("R&D", "R%26D"),
            ("x=y", "x%3Dy"),
            ("50%", "50%25"),
            ("a/b?c", "a%2Fb%3Fc"),
            ("ü", "%C3%BC"),
            ("\\", "%5C"),
        ])
    func percentEncoding(raw: String, encoded: String) {
        #expect(PercentEncoding.encode(raw) == encoded)
    }

    @Test("filter values are quoted with backslash and quote escaped")
    func filterEscaping() {
        #expect(FilterExpression.equals("name", "Engineering Base") == #"name eq "Engineering Base""#)
        #expect(FilterExpression.equals("name", #"say "hi""#) == #"name eq "say \"hi\"""#)
        #expect(FilterExpression.equals("name", #"C:\temp"#) == #"name eq "C:\\temp""#)
    }

    @Test("the server sees +, quotes, spaces, # and & percent-encoded in the raw query")
    func rawQueryOnTheWire() async throws {
        let name = #"A+B "C" #1 & co"#
        try await StubServer.run(tenant { _ in .json("[]") }) { baseURL, log in
            let client = try ISCClient.forStub(baseURL)
            _ = try await client.findCatalogItems(type: .role, named: name)
            let request = try #require(await log.requests("GET", "/v2025/roles").first)
            #expect(
                request.rawQuery
                    == "offset=0&limit=50&filters=name%20eq%20%22A%2BB%20%5C%22C%5C%22%20%231%20%26%20co%22")
            #expect(request.query("filters") == #"name eq "A+B \"C\" #1 & co""#)
        }
    }

    @Test("the token request form body is strictly encoded too")
    func tokenFormBody() async throws {
        try await StubServer.run(tenant { _ in .json("[]") }) { baseURL, log in
            let client = try ISCClient.forStub(baseURL)
            _ = try await client.findCatalogItems(type: .role, named: "x")
            let token = try #require(await log.requests("POST", "/oauth/token").first)
            #expect(
                token.body
                    == "grant_type=client_credentials&client_id=sandbox-client&client_secret="
                    + "canary-Secret%2B%2F%3D%26%22%23%25-9f2c")
        }
    }
}

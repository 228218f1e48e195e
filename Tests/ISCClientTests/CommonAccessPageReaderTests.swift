import AccessPolicy
import Foundation
import Testing

@testable import ISCClient

/// The hand-written page reader must read exactly what the `Decodable` wire types read, only faster.
@Suite("Reading common-access pages without JSONDecoder")
struct CommonAccessPageReaderTests {
    /// Both readers, reduced to what the client keeps.
    func viaBoth(_ json: String) throws -> (fast: [LiveItem?], decoder: [LiveItem?]) {
        let fast = try CommonAccessPageReader.read(Array(json.utf8)).map { try? $0.liveItem().get() }
        let decoder = try JSONDecoder().decode([CommonAccessItemWire].self, from: Data(json.utf8)).map {
            try? $0.liveItem().get()
        }
        return (fast, decoder)
    }

    @Test("escapes, surrogate pairs, unicode and whitespace read as JSONDecoder reads them")
    func strings() throws {
        let json = """
             [ {"id" : "a\\"b\\\\c\\/d\\n\\t\\u00e9\\ud83d\\ude00", "access": {"id":"x","type":"ROLE","name":"Ünïcødé ✓",
               "description":"line\\r\\nbreak"}, "status":"CONFIRMED", "reviewedByUser": false, "lastUpdated": null } ]\t
            """
        let (fast, decoder) = try viaBoth(json)
        #expect(fast == decoder)
        #expect(fast.first??.id == "a\"b\\c/d\n\té😀")
        #expect(fast.first??.access.name == "Ünïcødé ✓")
    }

    @Test("lenient fields agree with the Decodable path")
    func leniency() throws {
        let json = """
            [{"id":12345,"access":{"id":"a-1","type":"ROLE","name":["x"],"ownerName":{"n":1},"ownerId":7},
              "status":"DENIED","reviewedByUser":"maybe","lastUpdated":false,"createdByUser":"TRUE","extra":[1,{"a":[]}]},
             {"id":"i-2","access":"nope","status":"DENIED"},
             {"id":"i-3","access":{"id":"a-3","type":"ACCESS_PROFILE"},"status":"CONFIRMED","reviewedByUser":1},
             {"id":"i-4","access":{"id":"a-4","type":"ROLE"},"status":1.5}]
            """
        let (fast, decoder) = try viaBoth(json)
        #expect(fast == decoder)
        #expect(fast.map { $0?.id } == ["12345", nil, "i-3", nil])
        #expect(fast[2]?.reviewedByUser == true)
    }

    @Test("random valid pages read the same with both readers")
    func randomPages() throws {
        var random = SystemRandomNumberGenerator()
        let words = ["Finance", "Ünïcødé", "tab\there", "quote\"d", "back\\slash", "😀", "", "a/b", "<html>", "null"]
        for _ in 0..<200 {
            var items: [[String: Any]] = []
            for index in 0..<Int.random(in: 0...20, using: &random) {
                var access: [String: Any] = ["id": "2c91\(index)", "type": Bool.random() ? "ROLE" : "ACCESS_PROFILE"]
                if Bool.random() { access["name"] = words.randomElement()! + " \(index)" }
                if Bool.random() { access["description"] = Bool.random() ? NSNull() : words.randomElement()! }
                if Bool.random() { access["ownerId"] = Int.random(in: 0...99) }
                var item: [String: Any] = ["id": "item-\(index)", "access": access, "status": "CONFIRMED"]
                if Bool.random() { item["reviewedByUser"] = Bool.random() }
                if Bool.random() { item["createdByUser"] = Bool.random() ? "true" : false }
                if Bool.random() { item["lastUpdated"] = "2026-11-28T10:00:00.000Z" }
                if Bool.random() { item["future"] = ["nested": [1, 2.5, -3e2, ["deep": NSNull()]]] }
                items.append(item)
            }
            let data = try JSONSerialization.data(withJSONObject: items, options: Bool.random() ? [.prettyPrinted] : [])
            let (fast, decoder) = try viaBoth(String(decoding: data, as: UTF8.self))
            #expect(fast == decoder)
        }
    }

    @Test(
        "anything that is not valid JSON is refused",
        arguments: [
            "", "[", "]", "[,]", "[{}", "[{},]", "[{\"id\":}]", "[{\"id\" \"x\"}]", "[{id:1}]", "[01]", "[1.]",
            "[-]", "[1e]", "[tru]", "[nul]", "[\"a\nb\"]", "[\"\\x\"]", "[\"\\u12\"]", "[] []", "[{\"a\":1}}",
            "[{\"a\":[1,2}]", "[\"unterminated]",
        ])
    func invalid(json: String) {
        #expect(throws: JSONScanner.Failure.self) { try CommonAccessPageReader.read(Array(json.utf8)) }
    }

    @Test("a page that is not an array of objects says what it expected")
    func wrongShape() throws {
        for json in ["{}", "17", "\"[]\"", "null"] {
            #expect(throws: JSONScanner.Failure.self) { try CommonAccessPageReader.read(Array(json.utf8)) }
        }
        let failure = try #require(throws: JSONScanner.Failure.self) {
            try CommonAccessPageReader.read(Array(#"[{"id":"a"},17]"#.utf8))
        }
        #expect(failure.message == "expected an object at [1]")
    }

    @Test("deep nesting in a skipped field is refused without recursion")
    func deepNesting() throws {
        let deep = String(repeating: "[", count: 100_000) + String(repeating: "]", count: 100_000)
        let failure = try #require(throws: JSONScanner.Failure.self) {
            try CommonAccessPageReader.read(Array("[{\"extra\":\(deep)}]".utf8))
        }
        #expect(failure.message == "nested deeper than 512")
        let ok = String(repeating: "[", count: 500) + String(repeating: "]", count: 500)
        #expect(try CommonAccessPageReader.read(Array("[{\"extra\":\(ok),\"id\":\"x\"}]".utf8)).first?.id == "x")
    }
}

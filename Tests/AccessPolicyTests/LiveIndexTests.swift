import Testing

@testable import AccessPolicy

@Suite("LiveIndex: the lookup by access key")
struct LiveIndexTests {
    /// Ids as ISC writes them (32 hex digits) and others, for both types, some listed more than once; every
    /// lookup is checked against a plain dictionary.
    @Test("finds every key's first item and its repeats, and nothing else", arguments: [10, 30_000])
    func matchesDictionary(count: Int) async {
        var random = SplitMix(seed: UInt64(count))
        func hexID() -> String {
            func digits(_ value: UInt64) -> String {
                let text = String(value, radix: 16)
                return String(repeating: "0", count: 16 - text.count) + text
            }
            return digits(random.next()) + digits(random.next())
        }
        var items: [LiveItem] = []
        for index in 0..<count {
            let type: AccessType = random.next() % 2 == 0 ? .role : .accessProfile
            let id: String
            switch random.next() % 10 {
            case 0: id = "custom-\(index)"  // not ISC's format
            case 1: id = hexID().uppercased()  // upper case is not packed either
            case 2 where !items.isEmpty: id = items[Int(random.next() % UInt64(items.count))].access.id  // a repeat
            default: id = hexID()
            }
            items.append(live("item-\(index)", type, id, .confirmed))
        }
        var first: [AccessKey: Int] = [:]
        var repeats: [Int: [Int]] = [:]
        for (position, item) in items.enumerated() {
            if let earlier = first[item.key] {
                repeats[earlier, default: []].append(position)
            } else {
                first[item.key] = position
            }
        }

        for index in [LiveIndex(items), await LiveIndex.build(items)] {
            // Compared whole, so that a miss shows once rather than as thousands of failed expectations.
            let wrong = first.filter { key, position in
                index.firstPosition(of: key) != position || index.duplicates(of: position) != repeats[position] ?? []
            }
            #expect(wrong.isEmpty)
            #expect(index.hasDuplicates == !repeats.isEmpty)
            let absent = (0..<100).map { _ in AccessKey(type: .role, id: hexID()) }
            #expect(absent.map(index.firstPosition(of:)) == absent.map { first[$0] })
            let entries = first.keys.map { entry($0.type, $0.id, .confirmed) } + [entry(.role, nil, .denied)]
            let positions = await index.firstPositions(of: entries)
            #expect(positions == entries.map { $0.key.flatMap { first[$0] } })
        }
    }
}

/// A small seeded generator, so a failure can be replayed.
private struct SplitMix {
    var state: UInt64
    init(seed: UInt64) { state = seed }
    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}

import AccessPolicy
import Logging

extension ISCClient {
    /// How often a list that changed while being read is read again before giving up.
    static let listReadAttempts = 3
    /// More items than this is taken as a broken `X-Total-Count` or a server that pages forever.
    static let maxListItems = 1_000_000

    /// Every item of the common-access list, each once.
    ///
    /// The first page asks for `count=true`; the other pages are fetched concurrently (at most
    /// ``ISCClientConfiguration/concurrency`` at a time). Items are de-duplicated by id. If a page comes back short
    /// or long, or the unique items do not add up to `X-Total-Count`, the list changed under us: it is read again,
    /// up to three times, and then the call fails — a partial list is never returned. Without `X-Total-Count` the
    /// client pages sequentially until a short page.
    public func listCommonAccess() async throws -> [LiveItem] {
        let path = configuration.apiVersion.path("common-access")
        var problem = ""
        for attempt in 1...Self.listReadAttempts {
            switch try await readCommonAccessList(path: path) {
            case .complete(let items):
                return items
            case .inconsistent(let reason):
                problem = reason
                logger.debug("GET \(path): the list changed while it was read (\(reason)); read \(attempt) of 3")
            }
        }
        throw ISCError(
            kind: .badResponse, method: "GET", path: path,
            message: "the common-access list kept changing while it was read (\(problem))",
            hint: "it was read \(Self.listReadAttempts) times; try again when nobody is changing common access",
            attempts: Self.listReadAttempts)
    }

    enum ListRead {
        case complete([LiveItem])
        case inconsistent(String)
    }

    /// One full read of the list.
    func readCommonAccessList(path: String) async throws -> ListRead {
        let pageSize = configuration.pageSize
        let first = try await fetchCommonAccessPage(path: path, offset: 0, count: true)
        guard let total = first.total else {
            return try await readSequentially(path: path, first: first.items)
        }
        guard (0...Self.maxListItems).contains(total) else {
            throw ISCError(
                kind: .badResponse, method: "GET", path: path,
                message: "X-Total-Count \(total) is not a plausible number of items")
        }
        let offsets = Array(stride(from: pageSize, to: total, by: pageSize))
        let pageCount = offsets.count + 1
        onEvent?(.pageFetched(done: 1, total: pageCount))
        if first.items.count != min(pageSize, total) {
            return .inconsistent("the first page had \(first.items.count) items of \(total)")
        }
        var pages: [Int: [LiveItem]] = [0: first.items]
        try await withThrowingTaskGroup(of: (Int, [LiveItem]).self) { group in
            var pending = offsets.makeIterator()
            for _ in 0..<configuration.concurrency {
                guard let offset = pending.next() else { break }
                group.addTask { (offset, try await fetchCommonAccessPage(path: path, offset: offset).items) }
            }
            while let page = try await group.next() {
                pages[page.0] = page.1
                onEvent?(.pageFetched(done: pages.count, total: pageCount))
                if let offset = pending.next() {
                    group.addTask { (offset, try await fetchCommonAccessPage(path: path, offset: offset).items) }
                }
            }
        }
        for offset in offsets {
            let expected = min(pageSize, total - offset)
            let got = pages[offset]?.count ?? 0
            if got != expected {
                return .inconsistent("the page at offset \(offset) had \(got) items, expected \(expected) of \(total)")
            }
        }
        let items = Self.uniqueByID(([0] + offsets).flatMap { pages[$0] ?? [] })
        guard items.count == total else {
            return .inconsistent("\(items.count) unique items, but X-Total-Count was \(total)")
        }
        return .complete(items)
    }

    /// Paging without a total: one page after the other until a short page.
    private func readSequentially(path: String, first: [LiveItem]) async throws -> ListRead {
        let pageSize = configuration.pageSize
        let maxPages = Self.maxListItems / pageSize + 1
        var all = first
        var seen = Set(first.map(\.id))
        var last = first
        var pages = 1
        onEvent?(.pageFetched(done: 1, total: 0))
        while last.count >= pageSize {
            guard pages < maxPages else {
                throw ISCError(
                    kind: .badResponse, method: "GET", path: path,
                    message: "the list did not end after \(pages) pages of \(pageSize)")
            }
            last = try await fetchCommonAccessPage(path: path, offset: pages * pageSize).items
            pages += 1
            onEvent?(.pageFetched(done: pages, total: 0))
            let new = last.filter { seen.insert($0.id).inserted }
            if last.count >= pageSize, new.isEmpty {
                throw ISCError(
                    kind: .badResponse, method: "GET", path: path,
                    message: "page \(pages) repeats items already read; the server seems to ignore offset")
            }
            all += last
        }
        let items = Self.uniqueByID(all)
        guard items.count == all.count else {
            return .inconsistent("\(all.count - items.count) items appeared on two pages")
        }
        return .complete(items)
    }

    /// One page: `offset`, `limit` and, for the first, `count=true`.
    func fetchCommonAccessPage(path: String, offset: Int, count: Bool = false) async throws
        -> (items: [LiveItem], total: Int?)
    {
        var query = [("offset", String(offset)), ("limit", String(configuration.pageSize))]
        if count { query.append(("count", "true")) }
        let request = APIRequest(method: .get, path: path, query: query)
        return try await send(request, accepting: [200]) { response in
            let items = try decodeCommonAccessPage(response, for: request)
            guard items.count <= configuration.pageSize else {
                throw ISCError(
                    kind: .badResponse, method: "GET", path: path, status: response.status,
                    message: "a page had \(items.count) items although at most \(configuration.pageSize) were asked for"
                )
            }
            return (items, count ? response.totalCount : nil)
        }
    }

    static func uniqueByID(_ items: [LiveItem]) -> [LiveItem] {
        var seen = Set<String>()
        return items.filter { seen.insert($0.id).inserted }
    }
}

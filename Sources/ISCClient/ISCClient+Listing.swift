import AccessPolicy
import Logging

/// A collection endpoint as ``ISCClient`` reads it whole: where it is, how one page decodes and what makes two
/// listed items the same one. The common-access list and the access-request status list are both read this way.
struct PagedList<Item: Sendable>: Sendable {
    /// How messages name the list, e.g. `common-access list`.
    var name: String
    /// What the hint after a list that kept changing asks nobody to change, e.g. `common access`.
    var subject: String
    var path: String
    /// Query items sent on every page, before `offset`, `limit` and `count`.
    var filters: [(String, String)] = []
    /// Whether pages are reported as ``ClientEvent/pageFetched(done:total:)``; that event promises pages of the
    /// common-access list, so other lists stay quiet.
    var reportsPages = false
    /// Decodes one accepted page; `offset` is the page's first position in the list, for messages.
    var decode: @Sendable (_ response: APIResponse, _ request: APIRequest, _ offset: Int) throws -> [Item]
    /// Items with equal keys are one item listed twice.
    var key: @Sendable (Item) -> String
}

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
        try await readWholeList(
            PagedList(
                name: "common-access list", subject: "common access",
                path: configuration.apiVersion.path("common-access"), reportsPages: true,
                decode: { response, request, _ in try decodeCommonAccessPage(response, for: request) },
                key: { $0.id }))
    }

    enum ListRead<Item: Sendable> {
        case complete([Item])
        case inconsistent(String)
    }

    /// Every item of `list`, each once, read again (up to ``listReadAttempts`` times) while it keeps changing.
    func readWholeList<Item>(_ list: PagedList<Item>) async throws -> [Item] {
        var problem = ""
        for attempt in 1...Self.listReadAttempts {
            switch try await readListOnce(list) {
            case .complete(let items):
                return items
            case .inconsistent(let reason):
                problem = reason
                logger.debug("GET \(list.path): the list changed while it was read (\(reason)); read \(attempt) of 3")
            }
        }
        throw ISCError(
            kind: .badResponse, method: "GET", path: list.path,
            message: "the \(list.name) kept changing while it was read (\(problem))",
            hint: "it was read \(Self.listReadAttempts) times; try again when nobody is changing \(list.subject)",
            attempts: Self.listReadAttempts)
    }

    /// One full read of the list.
    func readListOnce<Item>(_ list: PagedList<Item>) async throws -> ListRead<Item> {
        let pageSize = configuration.pageSize
        let first = try await fetchPage(list, offset: 0, count: true)
        guard let total = first.total else {
            return try await readSequentially(list, first: first.items)
        }
        guard (0...Self.maxListItems).contains(total) else {
            throw ISCError(
                kind: .badResponse, method: "GET", path: list.path,
                message: "X-Total-Count \(total) is not a plausible number of items")
        }
        let offsets = Array(stride(from: pageSize, to: total, by: pageSize))
        let pageCount = offsets.count + 1
        if list.reportsPages { onEvent?(.pageFetched(done: 1, total: pageCount)) }
        if first.items.count != min(pageSize, total) {
            return .inconsistent("the first page had \(first.items.count) items of \(total)")
        }
        let fetchedPages = PageCount(done: 1)
        let onEvent = list.reportsPages ? self.onEvent : nil
        let rest = try await offsets.concurrentMap(width: configuration.concurrency) { offset in
            let items = try await fetchPage(list, offset: offset).items
            if let onEvent { onEvent(.pageFetched(done: await fetchedPages.next(), total: pageCount)) }
            return items
        }
        var pages: [Int: [Item]] = [0: first.items]
        for (offset, items) in zip(offsets, rest) { pages[offset] = items }
        for offset in offsets {
            let expected = min(pageSize, total - offset)
            let got = pages[offset]?.count ?? 0
            if got != expected {
                return .inconsistent("the page at offset \(offset) had \(got) items, expected \(expected) of \(total)")
            }
        }
        let items = Self.unique(([0] + offsets).flatMap { pages[$0] ?? [] }, by: list.key)
        guard items.count == total else {
            return .inconsistent("\(items.count) unique items, but X-Total-Count was \(total)")
        }
        return .complete(items)
    }

    /// Paging without a total: one page after the other until a short page.
    private func readSequentially<Item>(_ list: PagedList<Item>, first: [Item]) async throws -> ListRead<Item> {
        let pageSize = configuration.pageSize
        let maxPages = Self.maxListItems / pageSize + 1
        var all = first
        var seen = Set(first.map(list.key))
        var last = first
        var pages = 1
        if list.reportsPages { onEvent?(.pageFetched(done: 1, total: 0)) }
        while last.count >= pageSize {
            guard pages < maxPages else {
                throw ISCError(
                    kind: .badResponse, method: "GET", path: list.path,
                    message: "the list did not end after \(pages) pages of \(pageSize)")
            }
            last = try await fetchPage(list, offset: pages * pageSize).items
            pages += 1
            if list.reportsPages { onEvent?(.pageFetched(done: pages, total: 0)) }
            let new = last.filter { seen.insert(list.key($0)).inserted }
            if last.count >= pageSize, new.isEmpty {
                throw ISCError(
                    kind: .badResponse, method: "GET", path: list.path,
                    message: "page \(pages) repeats items already read; the server seems to ignore offset")
            }
            all += last
        }
        let items = Self.unique(all, by: list.key)
        guard items.count == all.count else {
            return .inconsistent("\(all.count - items.count) items appeared on two pages")
        }
        return .complete(items)
    }

    /// One page: the list's filters, `offset`, `limit` and, for the first, `count=true`.
    func fetchPage<Item>(_ list: PagedList<Item>, offset: Int, count: Bool = false) async throws
        -> (items: [Item], total: Int?)
    {
        var query = list.filters + [("offset", String(offset)), ("limit", String(configuration.pageSize))]
        if count { query.append(("count", "true")) }
        let request = APIRequest(method: .get, path: list.path, query: query)
        return try await send(request, accepting: [200]) { response in
            let items = try list.decode(response, request, offset)
            guard items.count <= configuration.pageSize else {
                throw ISCError(
                    kind: .badResponse, method: "GET", path: list.path, status: response.status,
                    message: "a page had \(items.count) items although at most \(configuration.pageSize) were asked for"
                )
            }
            return (items, count ? response.totalCount : nil)
        }
    }

    /// `items` without repeats, first occurrence kept.
    static func unique<Item>(_ items: [Item], by key: (Item) -> String) -> [Item] {
        var seen = Set<String>()
        return items.filter { seen.insert(key($0)).inserted }
    }
}

/// Pages read so far, for progress: pages arrive from many tasks at once.
private actor PageCount {
    private var done: Int

    init(done: Int) { self.done = done }

    func next() -> Int {
        done += 1
        return done
    }
}

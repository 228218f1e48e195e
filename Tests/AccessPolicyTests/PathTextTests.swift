import Testing

@testable import AccessPolicy

/// Paths as text: the one join, folder and normalisation the loader, config search and export share.
@Suite("Path text")
struct PathTextTests {
    @Test("join prints a path the way the user wrote its parts")
    func join() {
        #expect(PathText.join(".", "policies") == "policies")
        #expect(PathText.join("", "policies") == "policies")
        #expect(PathText.join("config", "policies") == "config/policies")
        #expect(PathText.join("out/", "roles.yaml") == "out/roles.yaml")
        #expect(PathText.join("/", "policies") == "/policies")
        #expect(PathText.join("config", "/srv/policies") == "/srv/policies")
    }

    @Test("folder, ancestors and normalized name what a path is in")
    func folders() {
        #expect(PathText.folder(of: "accesspolicy.yaml") == ".")
        #expect(PathText.folder(of: "/accesspolicy.yaml") == "/")
        #expect(PathText.folder(of: "ci/prod.yaml") == "ci")
        #expect(PathText.ancestors(of: "/a/b") == ["/a/b", "/a", "/"])
        #expect(PathText.normalized("a/./b/../c/") == "a/c")
        #expect(PathText.normalized("../x") == "../x")
        #expect(PathText.normalized("a/..") == ".")
    }

    @Test("isInside compares what paths name, not how they are spelled")
    func inside() {
        #expect(PathText.isInside("policies/exported", "policies"))
        #expect(PathText.isInside("./policies/", "policies"))
        #expect(!PathText.isInside("policies-old", "policies"))
        #expect(PathText.isInside("exported", "."))
        #expect(!PathText.isInside("../exported", "."))
    }
}

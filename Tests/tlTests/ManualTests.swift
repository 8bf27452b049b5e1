import Foundation
import Testing

/// The committed man page is what scripts/generate-man makes from the program as it is now.
@Suite("The man page")
struct ManualTests {
    static let page = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("docs/man/tl.1")

    @Test func itHasTheKeyTablesAsTheyAre() throws {
        let page = try String(contentsOf: ManualTests.page, encoding: .utf8)
        let keys = try tl(["keys", "--mdoc"])
        #expect(keys.status == 0)
        #expect(page.contains(keys.stdout), "docs/man/tl.1 is behind the key tables: run scripts/generate-man")
    }

    @Test func itHasEveryCommandAndOption() throws {
        let page = try String(contentsOf: ManualTests.page, encoding: .utf8)
        let dump = try tl(["--experimental-dump-help"])
        let tree = try #require(try JSONSerialization.jsonObject(with: Data(dump.stdout.utf8)) as? [String: Any])
        let root = try #require(tree["command"] as? [String: Any])
        for command in root["subcommands"] as? [[String: Any]] ?? [] {
            guard command["shouldDisplay"] as? Bool != false, let name = command["commandName"] as? String, name != "help" else { continue }
            #expect(page.contains(".It Em \(name)"), "\(name) is missing from docs/man/tl.1: run scripts/generate-man")
            for argument in command["arguments"] as? [[String: Any]] ?? [] where argument["shouldDisplay"] as? Bool != false {
                for option in argument["names"] as? [[String: String]] ?? [] where option["kind"] == "long" {
                    #expect(page.contains("Fl -\(option["name"] ?? "")"), "\(name) --\(option["name"] ?? "") is missing from docs/man/tl.1: run scripts/generate-man")
                }
            }
        }
    }

    @Test func itRenders() throws {
        let rendered = try spawn("/usr/bin/env", ["MANWIDTH=80", "MANPAGER=cat", "PAGER=cat", "man", "-l", ManualTests.page.path])
        #expect(rendered.status == 0)
        #expect(rendered.stdout.contains("KEYS") && rendered.stdout.contains("EXIT STATUS"))
        // The footer: the version the page describes and the day its text last changed.
        let version = try tl(["--version"]).stdout.trimmingCharacters(in: .whitespacesAndNewlines)
        let footer = rendered.stdout.split(separator: "\n").last { !$0.trimmingCharacters(in: .whitespaces).isEmpty } ?? ""
        #expect(footer.hasPrefix("tl \(version) "), "docs/man/tl.1 is not for tl \(version): run scripts/generate-man")
        #expect(footer.contains(/[A-Z][a-z]+ [0-9]{1,2}, 20[0-9]{2}/), "the page has no date: \(footer)")
    }
}

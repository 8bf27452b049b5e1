import Foundation
import TestSupport
import Testing

/// `tl check` with warnings, the council example, and messages that say how to fix.
@Suite("tl check: warnings and fixes")
struct CheckWarningsTests {
    static func unresolvable(_ json: String) -> String {
        SampleTimeline.replacing("\"derivedFrom\": { \"phrase\": \"Last week\", \"source\": \"wire\" }",
                                 with: "\"derivedFrom\": { \"phrase\": \"talks began\", \"source\": \"wire\" }", in: json)
    }

    @Test func warningsAloneExitZero() throws {
        let dataset = try Dataset(CheckWarningsTests.unresolvable)
        let run = try tl(["check", "--data", dataset.folder.path])
        #expect(run.status == 0)
        let lines = run.stdout.split(separator: "\n").map(String.init)
        #expect(lines[0].hasSuffix("timeline.json:25:22: $.events[1].derivedFrom: warning: tl cannot resolve “talks began” (docs/data-format.md lists the phrases it can); add a \"note\" saying how the date was worked out"))
        #expect(lines[1].hasSuffix("timeline.json: OK, with 1 warning"))
        let json = try #require(try JSONSerialization.jsonObject(with: Data(try tl(["check", "--json", "--data", dataset.folder.path]).stdout.utf8)) as? [String: Any])
        #expect(json["ok"] as? Bool == true)
        let warning = try #require((json["warnings"] as? [[String: Any]])?.first)
        #expect(warning["severity"] as? String == "warning" && warning["path"] as? String == "$.events[1].derivedFrom")
        // Other commands say nothing of warnings.
        let events = try tl(["events", "--data", dataset.folder.path])
        #expect(events.status == 0 && events.stderr.isEmpty)
    }

    @Test func warningsComeAfterErrors() throws {
        let dataset = try Dataset { json in
            SampleTimeline.replacing("\"title\": \"Minister keeps the tariff\"", with: "\"title\": 3", in: CheckWarningsTests.unresolvable(json))
        }
        let run = try tl(["check", "--data", dataset.folder.path])
        #expect(run.status == 1)
        let lines = run.stdout.split(separator: "\n").map(String.init)
        #expect(lines.count == 3)
        #expect(lines[0].contains("$.events[0].title: expected a string, found a number"))
        #expect(lines[1].contains("warning: tl cannot resolve"))
        #expect(lines[2].hasPrefix("1 problem and 1 warning in "))
        let json = try #require(try JSONSerialization.jsonObject(with: Data(try tl(["check", "--json", "--data", dataset.folder.path]).stdout.utf8)) as? [String: Any])
        #expect((json["problems"] as? [[String: Any]])?.count == 1 && (json["warnings"] as? [[String: Any]])?.count == 1)
    }

    @Test func theCouncilExamplePassesClean() throws {
        let run = try tl(["check", "--data", packageRoot.appendingPathComponent("Tests/Fixtures/council").path])
        #expect(run.status == 0)
        #expect(run.stdout.contains("timeline.json: OK\n5 events (0 background), 3 people, 1 measure, 1 source\n"))
        let people = try tl(["people", "--data", packageRoot.appendingPathComponent("Tests/Fixtures/council").path])
        #expect(people.stdout.contains("ortiz     Dana Ortiz     —"))
    }

    @Test func theBundledTimelineChecksWithoutWarnings() throws {
        let run = try tl(["check"])
        #expect(run.status == 0)
        #expect(run.stdout.hasPrefix("(bundled) data/timeline.json: OK\n"))
        #expect(!run.stdout.contains("warning"))
    }

    @Test func aNotVerbatimQuoteInTheBundledDataNamesTheClosestPassage() throws {
        let data = try copyOfData()
        let file = data.appendingPathComponent("timeline.json")
        var text = try String(contentsOf: file, encoding: .utf8)
        text = text.replacingOccurrences(of: "\"Chinese leader Xi Jinping\"", with: "\"Chinese Leader Xi Jinping\"")
        text = text.replacingOccurrences(of: "{ \"person\": \"kudlow\", \"role\": \"White House", with: "{ \"person\": \"kudlo\", \"role\": \"White House")
        text = text.replacingOccurrences(of: "        { \"title\": \"Commerce Secretary\", \"quote\": { \"source\": \"arirang-2019-07\", \"text\": \"U.S. Commerce Secretary Wilbur Ross\" } }\n",
                                         with: "        { \"title\": \"Commerce Secretary\", \"quote\": { \"source\": \"arirang-2019-07\", \"text\": \"U.S. Commerce Secretary Wilbur Ross\" } },\n")
        try text.write(to: file, atomically: true, encoding: .utf8)
        let run = try tl(["check", "--data", data.path])
        #expect(run.status == 1)
        #expect(run.stdout.contains("trailing comma after the last element: JSON allows no comma before ']'; remove it"))
        #expect(run.stdout.contains("$.people[7].roles: trailing comma"))
        // Broken JSON is reported alone; mended, the rest is reported.
        text = text.replacingOccurrences(of: "Wilbur Ross\" } },\n", with: "Wilbur Ross\" } }\n")
        try text.write(to: file, atomically: true, encoding: .utf8)
        let mended = try tl(["check", "--data", data.path])
        #expect(mended.stdout.contains("the quote is not verbatim in source \"ttnews-2019-07-10\"; the closest passage is at line 13, column 28 (offsets 880–905): letter case: the quote has “Leader” where the source has “leader”"))
        #expect(mended.stdout.contains("unknown person \"kudlo\" (did you mean \"kudlow\"?)"))
    }
}

import Foundation
import TestSupport
import Testing
import TimelineModel
@testable import tl

/// The TimelineJS fixtures written to a folder, as a user would have them.
struct TimelineJSFiles {
    let folder: URL
    var json: URL { folder.appendingPathComponent("bridge.json") }
    var csv: URL { folder.appendingPathComponent("lights.csv") }
    var cosmological: URL { folder.appendingPathComponent("deep-time.json") }

    init() throws {
        folder = try temporaryFolder()
        try TimelineJSFixtures.json.write(to: json, atomically: true, encoding: .utf8)
        try TimelineJSFixtures.csv.write(to: csv, atomically: true, encoding: .utf8)
        try TimelineJSFixtures.cosmological.write(to: cosmological, atomically: true, encoding: .utf8)
    }
}

@Suite("TimelineJS files, export and convert on the command line")
struct FormatCommandTests {
    @Test func everyCommandReadsATimelineJSFile() throws {
        let files = try TimelineJSFiles()
        let events = try tl(["events", "--data", files.json.path])
        #expect(events.status == 0)
        #expect(events.stdout.hasPrefix("DATE               EVENT                 GROUP   TITLE\n"))
        #expect(events.stdout.contains("Thu 15 Mar 44 BCE") == false)
        #expect(events.stdout.contains("15 Mar 44 BCE      a-roman-ford          Legend  A Roman ford"))
        #expect(events.stdout.contains("Sat 12 Apr 1902    bridge-opens          Bridge  Bridge opens"))
        #expect(!events.stdout.contains("SRC"))

        let river = try tl(["events", "--group", "river", "--data", files.json.path, "--json"])
        let decoded = try JSONSerialization.jsonObject(with: Data(river.stdout.utf8)) as? [[String: Any]]
        #expect(decoded?.map { $0["id"] as? String } == ["ferry-licence"])
        #expect(decoded?.first?["group"] as? String == "River")
        let unknown = try tl(["events", "--group", "Sea", "--data", files.json.path])
        #expect(unknown.status == 3)
        #expect(unknown.stderr == "tl: no group is called \"Sea\"; the groups are \"Legend\", \"River\", \"Bridge\"\n")

        let show = try tl(["show", "bridge-opens", "--data", files.json.path])
        #expect(show.stdout == """
            Bridge opens
            bridge-opens

            Date
              Opening day · Sat 12 Apr 1902, 09:30:05 to Sat 12 Apr 1902, 17:00 ·
              1902-04-12T09:30:05/1902-04-12T17:00, second to minute precision

            Group
              Bridge

            Summary
              • Speeches
              • A brass band

              Then the first cart crossed.
              It rained.

            Media
              Link: https://example.org/opening.jpg
              Caption: Crowds on the new bridge
              Credit: Photo: A. Smith
              Thumbnail: https://example.org/opening-small.jpg

            Quotes
              None yet: the event rests on no passage of a source.

            """)

        let check = try tl(["check", "--data", files.json.path])
        #expect(check.status == 0)
        #expect(check.stdout.hasPrefix("\(files.json.path): OK (a TimelineJS file)\n6 events (0 background), 0 people, 0 measures, 0 sources\nNo sources, so no quotes"))

        let periods = try tl(["periods", "--data", files.json.path])
        #expect(periods.stdout == """
            FROM      TO        EVENTS  PERIOD
            1850      1901      1       The ferry years
            Apr 1902  Dec 1944  3       The iron bridge

            """)
        let periodsJSON = try tl(["periods", "--data", files.json.path, "--json"])
        let eras = try JSONSerialization.jsonObject(with: Data(periodsJSON.stdout.utf8)) as? [[String: Any]]
        #expect(eras?.last?["events"] as? [String] == ["bridge-opens", "bridge-opens-2", "flood"])
    }

    @Test func aSpreadsheetAndACosmologicalTimelineToo() throws {
        let files = try TimelineJSFiles()
        let events = try tl(["events", "--data", files.csv.path])
        #expect(events.status == 0)
        #expect(events.stdout.contains("Mon 14 Feb 1921    power-cut"))
        let check = try tl(["check", "--data", files.csv.path])
        #expect(check.stdout.hasPrefix("\(files.csv.path): OK (a TimelineJS spreadsheet saved as CSV)"))
        let deep = try tl(["events", "--data", files.cosmological.path])
        #expect(deep.stdout.contains("13.8 bn BCE        the-big-bang"))
        #expect(try tl(["show", "the-big-bang", "--data", files.cosmological.path]).stdout.contains("13,800,000,000 BCE · -13799999999, year precision"))
    }

    @Test func formatOverridesTheContent() throws {
        let files = try TimelineJSFiles()
        let asCSV = try tl(["check", "--format", "csv", "--data", files.json.path])
        #expect(asCSV.status == 1)
        #expect(asCSV.stdout.contains("not a TimelineJS spreadsheet"))
        let data = try copyOfData()
        let asTimelineJS = try tl(["events", "--format", "timelinejs", "--data", data.path])
        #expect(asTimelineJS.status == 1)
        #expect(asTimelineJS.stderr.contains("$.format: this is a tl timeline (it has a \"format\" field), not a TimelineJS file"))
        let wrong = try tl(["events", "--format", "xml", "--data", data.path])
        #expect(wrong.status == 2)
    }

    @Test func exportsGoToStandardOutputOrAFileWrittenWhole() throws {
        let folder = try temporaryFolder()
        let bundled = try TimelineLoader.load(.bundled).get()
        let json = try tl(["export", "--format", "timelinejs"])
        #expect(json.status == 0)
        let object = try JSONSerialization.jsonObject(with: Data(json.stdout.utf8)) as? [String: Any]
        let events = object?["events"] as? [[String: Any]]
        #expect(events?.count == bundled.events.count)
        #expect(events?.first?["group"] as? String == "Background: before the G20 meeting")
        #expect((events?.first?["start_date"] as? [String: Int]) == ["year": 2018])

        let target = folder.appendingPathComponent("story.csv")
        let csv = try tl(["export", "--format", "csv", "--output", target.path])
        #expect(csv.status == 0 && csv.stdout.isEmpty)
        #expect(csv.stderr == "tl export: wrote \(target.path) (csv, \(bundled.events.count) events)\n")
        #expect(try FileManager.default.contentsOfDirectory(atPath: folder.path) == ["story.csv"])
        let back = try tl(["events", "--data", target.path])
        #expect(back.status == 0 && back.stdout.contains("trump-and-xi-agree-a-truce-at-the-g20"))
        let missingFolder = try tl(["export", "--format", "csv", "--output", folder.appendingPathComponent("no/such.csv").path])
        #expect(missingFolder.status == 1 && missingFolder.stderr.hasPrefix("tl export: cannot write"))
    }

    @Test func exportingOntoTheInputIsRefused() throws {
        let files = try TimelineJSFiles()
        let before = try Data(contentsOf: files.json)
        let onto = try tl(["export", "--format", "timelinejs", "--data", files.json.path, "--output", files.json.path])
        #expect(onto.status == 2)
        #expect(onto.stderr == "tl: \(files.json.path) is the timeline being read; tl never writes over its input, so name another file\n")
        #expect(try Data(contentsOf: files.json) == before)
        // The folder form and a source text are the input too.
        let data = try copyOfData()
        let source = data.appendingPathComponent("sources").appendingPathComponent(try #require(FileManager.default.contentsOfDirectory(atPath: data.appendingPathComponent("sources").path).first))
        let ontoSource = try tl(["export", "--format", "markdown", "--data", data.path, "--output", source.path])
        #expect(ontoSource.status == 2 && ontoSource.stderr.contains("is one of the timeline's sources"))
        let ontoTimeline = try tl(["export", "--format", "csv", "--data", data.path, "--output", data.appendingPathComponent("timeline.json").path])
        #expect(ontoTimeline.status == 2)
    }

    @Test func theMarkdownExportHasStarsNotesAndQuotesAsFootnotes() throws {
        // The browser's store of stars and notes, in a state folder of this test's own.
        let state = try temporaryFolder()
        let bundled = try TimelineLoader.load(.bundled).get()
        let name = StateStore(bundled.title, dataPath: nil).file.lastPathComponent
        try FileManager.default.createDirectory(at: state.appendingPathComponent("tl"), withIntermediateDirectories: true)
        try Data(#"{"timeline": "x", "starred": ["g20-truce"], "notes": {"g20-truce": "ask Reuters"}}"#.utf8)
            .write(to: state.appendingPathComponent("tl").appendingPathComponent(name))
        let markdown = try tl(["export", "--format", "markdown"], environment: ["XDG_STATE_HOME": state.path])
        #expect(markdown.status == 0)
        #expect(markdown.stdout.hasPrefix("# US–China trade talks, June–July 2019\n"))
        #expect(markdown.stdout.contains("""
            ## Sat 29 Jun 2019

            ### Trump and Xi agree a truce at the G20

            ★ Starred

            *Note:* ask Reuters

            Meeting at the G20 summit in Japan
            """))
        // Every quote is a footnote, verbatim, with outlet, author and date.
        let quotes = bundled.events.flatMap(\.quotes)
        for quote in quotes { #expect(markdown.stdout.contains("]: \(Wording.quoted(quote.text)) — ")) }
        #expect(markdown.stdout.contains("[^\(quotes.count)]: "))
        #expect(markdown.stdout.contains("Arirang News, Lee Seung-jae, week 28 of 2019 (8–14 Jul)"))
    }

    @Test func convertWritesATimelineThatPassesCheckWithWarnings() throws {
        let files = try TimelineJSFiles()
        let out = files.folder.appendingPathComponent("bridge")
        let convert = try tl(["convert", files.json.path, "--output", out.path])
        #expect(convert.status == 0)
        #expect(convert.stdout.contains("The converted events have no quotes yet."))
        #expect(convert.stdout.replacingOccurrences(of: "\n", with: " ").contains("lists it as unsourced: a warning, not an error."))
        #expect(try FileManager.default.contentsOfDirectory(atPath: out.path).sorted() == ["sources", "timeline.json"])

        let check = try tl(["check", "--data", out.path])
        #expect(check.status == 0)
        let lines = check.stdout.split(separator: "\n").map(String.init)
        // The warnings come first, then the verdict.
        #expect(lines.contains("\(out.path)/timeline.json: OK, with 6 warnings"))
        #expect(lines.contains("Converted from TimelineJS file bridge.json: no sources yet, so no quotes."))
        #expect(lines[0].hasPrefix("\(out.path)/timeline.json:") && lines[0].hasSuffix("$.events[0].quotes: warning: event \"a-roman-ford\" has no quotes yet: it is unsourced until it rests on a passage of a source"))
        // Ids, dates with their precision, times, ends, display dates, groups, media and eras kept:
        // the events' JSON is the same, field for field.
        let original = try tl(["events", "--data", files.json.path, "--json"])
        let converted = try tl(["events", "--data", out.path, "--json"])
        #expect(converted.stdout == original.stdout)
        #expect(try tl(["periods", "--data", out.path]).stdout == tl(["periods", "--data", files.json.path]).stdout)
        let unsourced = try tl(["events", "--data", out.path, "--filter", "unsourced"])
        #expect(unsourced.stdout.contains("a-roman-ford"))

        let again = try tl(["convert", files.json.path, "--output", out.path])
        #expect(again.status == 2 && again.stderr.contains("already exists; convert into a new folder"))
        let ofTl = try tl(["convert", out.path, "--output", files.folder.appendingPathComponent("twice").path])
        #expect(ofTl.status == 2 && ofTl.stderr.contains("is already a tl timeline"))
    }

    @Test func badTimelineJSInputExits1WithThePlace() throws {
        let folder = try temporaryFolder()
        let file = folder.appendingPathComponent("broken.csv")
        try "Year,Headline\n1990,Fine\nnineteen,Bad\n".write(to: file, atomically: true, encoding: .utf8)
        let check = try tl(["check", "--data", file.path])
        #expect(check.status == 1)
        #expect(check.stdout == "\(file.path):3:1: Year, column A: \"nineteen\" is not a year: write a whole number such as 1978, or -44 for 44 BCE\n1 problem in \(file.path)\n")
        let events = try tl(["events", "--data", file.path])
        #expect(events.status == 1 && events.stdout.isEmpty)
        #expect(events.stderr.hasPrefix("\(file.path):3:1: Year, column A: \"nineteen\" is not a year"))
        let json = try tl(["check", "--data", file.path, "--json"])
        let object = try JSONSerialization.jsonObject(with: Data(json.stdout.utf8)) as? [String: Any]
        let problem = (object?["problems"] as? [[String: Any]])?.first
        #expect(problem?["line"] as? Int == 3 && problem?["column"] as? Int == 1 && problem?["path"] as? String == "Year, column A")
    }

    @Test func htmlAndControlCharactersFromATimelineJSFileReachTheTerminalInert() throws {
        let folder = try temporaryFolder()
        let file = folder.appendingPathComponent("hostile.json")
        let hostile = #"\u001b]0;pwned\u0007\u202e<b>bold</b>\u001b[2J"#
        try #"{ "events": [ { "unique_id": "x", "start_date": { "year": 2000 }, "text": { "headline": "\#(hostile)", "text": "\#(hostile)" }, "group": "\#(hostile)" } ] }"#
            .write(to: file, atomically: true, encoding: .utf8)
        for arguments in [["events"], ["show", "x"], ["export", "--format", "markdown"], ["export", "--format", "csv"]] {
            let run = try tl(arguments + ["--data", file.path])
            #expect(run.status == 0, "\(arguments)")
            #expect(!run.stdout.unicodeScalars.contains { TerminalText.isUnsafe($0) && $0 != "\n" }, "\(arguments)")
        }
    }
}

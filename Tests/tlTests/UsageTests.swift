import Foundation
import TestSupport
import Testing
import TimelineModel

/// What a user types that tl used to take badly: mistyped commands, several search words, empty
/// searches, backwards date ranges, and tables that cut what they should show.
@Suite("Command lines as users type them")
struct UsageTests {
    // MARK: The first word

    @Test func aMistypedCommandIsNamedWithTheNearestOne() throws {
        for (typed, meant) in [("event", "events"), ("serach", "search"), ("peple", "people"), ("mesure", "measure")] {
            let run = try tl([typed, "g20"])
            #expect(run.status == 2, "\(typed)")
            #expect(run.stdout.isEmpty, "\(typed)")
            #expect(run.stderr.contains("tl: unknown command '\(typed)'; did you mean '\(meant)'?"), "\(typed): \(run.stderr)")
            #expect(!run.stderr.contains("tl browse"), "\(typed): the browser's usage is no answer to a typo")
        }
        let nothingLike = try tl(["zzzz"])
        #expect(nothingLike.status == 2)
        #expect(nothingLike.stderr.contains("tl: unknown command 'zzzz'") && nothingLike.stderr.contains("`tl --help` lists the commands"))
    }

    @Test func helpOfAnUnknownCommandIsAnError() throws {
        let nope = try tl(["help", "nope"])
        #expect(nope.status == 2)
        #expect(nope.stdout.isEmpty)
        #expect(nope.stderr.contains("unknown command 'nope'"))
        let events = try tl(["help", "events"])
        #expect(events.status == 0)
        #expect(events.stdout.contains("USAGE: tl events"))
    }

    @Test func optionsBeforeTheirCommandAreExplained() throws {
        let run = try tl(["--data", "/somewhere", "events", "--json"])
        #expect(run.status == 2)
        #expect(run.stderr.contains("tl: options go after the command they are for: tl events --data /somewhere --json"))
    }

    @Test func versionComesFromThePackage() throws {
        let run = try tl(["--version"])
        #expect(run.status == 0)
        #expect(run.stdout == TimelineModel.version + "\n")
    }

    @Test func topLevelHelpListsTheBrowsersOptions() throws {
        for arguments in [["--help"], ["-h"], ["help"]] {
            let run = try tl(arguments)
            #expect(run.status == 0, "\(arguments)")
            let browser = try #require(run.stdout.components(separatedBy: "BROWSER OPTIONS").last, "\(arguments)")
            for option in ["--data <path>", "--event <id>", "--person <name>", "--no-mouse"] {
                #expect(browser.contains(option), "\(arguments): \(option)")
            }
            #expect(run.stdout.contains("USAGE: tl [--data <path>] [--event <id>]"), "\(arguments)")
            #expect(run.stdout.contains("--version"), "\(arguments)")
            #expect(run.stdout.contains("SUBCOMMANDS:") && run.stdout.contains("  events "), "\(arguments)")
        }
    }

    // MARK: Search

    @Test func severalWordsMustAllBeInTheEvent() throws {
        let both = try tl(["search", "soybeans", "wheat"])
        #expect(both.status == 0, "\(both.stderr)")
        #expect(both.stdout.contains("kudlow-huawei-purchases  summary"))
        let json = try tl(["search", "soybeans", "Huawei", "--json"])
        let hits = try #require(try JSONSerialization.jsonObject(with: Data(json.stdout.utf8)) as? [[String: Any]])
        #expect(Set(hits.compactMap { $0["event"] as? String }) == ["kudlow-huawei-purchases"])
        #expect(Set(hits.compactMap { $0["match"] as? String }) == ["soybeans", "Huawei"])
        // Both words are in the timeline, never in one event.
        let apart = try tl(["search", "soybeans", "Lighthizer"])
        #expect(apart.status == 3)
        #expect(apart.stderr.contains("nothing matches \"soybeans\" and \"Lighthizer\""))
    }

    @Test func eachWordKeepsItsOwnSmartCase() throws {
        #expect(try tl(["search", "huawei", "soybeans"]).status == 0)
        // A capital makes that word case-sensitive, and the data says "soybeans".
        #expect(try tl(["search", "huawei", "Soybeans"]).status == 3)
    }

    @Test func anEmptySearchIsAUsageError() throws {
        for arguments in [["search", ""], ["search", "  "], ["search", "soybeans", ""]] {
            let run = try tl(arguments)
            #expect(run.status == 2, "\(arguments)")
            #expect(run.stderr.contains("the search is empty"), "\(arguments)")
        }
    }

    // MARK: Dates

    @Test func aRangeThatEndsBeforeItStartsIsAUsageError() throws {
        let backwards = try tl(["events", "--from", "2019", "--to", "2018"])
        #expect(backwards.status == 2)
        #expect(backwards.stderr.contains("--from 2019 is after --to 2018"))
        #expect(try tl(["events", "--from", "2019-07-10", "--to", "2019-07-09"]).status == 2)
        // Overlapping is enough: a month and a day in it make a range.
        #expect(try tl(["events", "--from", "2019-07", "--to", "2019-07-01"]).status == 0)
    }

    // MARK: Tables

    @Test func candidatesAreListedInColumns() throws {
        let run = try tl(["person", "l"])
        #expect(run.status == 3)
        let lines = run.stderr.split(separator: "\n").dropFirst().map(String.init)
        #expect(lines == ["  lighthizer  Robert Lighthizer", "  liu-he      Liu He", "  kudlow      Larry Kudlow"])
    }

    @Test func idsAreNeverCutAndOtherColumnsWrap() throws {
        let long = "wire-service-dispatch-of-10-july-2019-morning"
        let dataset = try Dataset { SampleTimeline.replacing("\"wire\"", with: "\"\(long)\"", in: $0) }
        for arguments in [["sources"], ["check"], ["source", "wire"], ["search", "tariff"]] {
            let run = try tl(arguments + ["--data", dataset.folder.path])
            #expect(run.status == 0, "\(arguments): \(run.stderr)")
            #expect(run.stdout.contains(long) || arguments == ["search", "tariff"], "\(arguments)")
            #expect(!run.stdout.contains("wire-service-dispatch-of…"), "\(arguments)")
        }
        // The bundled timeline's tables show every id and every name whole.
        for arguments in [["sources"], ["people"], ["measures"], ["events"], ["check"]] {
            let run = try tl(arguments)
            #expect(!run.stdout.contains("…"), "\(arguments) cuts text:\n\(run.stdout)")
        }
        let sources = try tl(["sources"])
        #expect(sources.stdout.contains("ttnews-2019-07-10  article"))
        #expect(sources.stdout.contains("arirang-2019-07    broadcast"))
        #expect(try tl(["people"]).stdout.contains("us-official  Unnamed U.S."))
    }

    @Test func searchShowsWholeFieldsWhereTheyFit() throws {
        let run = try tl(["search", "Huawei"])
        #expect(run.stdout.contains("huawei-entity-list       title    Huawei put on the Entity List\n"))
        // A summary of two hundred characters is shown whole, over several lines.
        let summary = run.stdout.components(separatedBy: "huawei-entity-list       summary  ").dropFirst().first ?? ""
        #expect(summary.hasPrefix("Huawei is placed on the Commerce Department's\n"))
        for line in run.stdout.split(separator: "\n") { #expect(TerminalText.displayWidth(String(line)) <= 80) }
    }

    @Test func countsAgreeWithTheirNumbers() throws {
        let dataset = try Dataset()
        try """
            { "format": "tl-timeline/1", "title": "One of each",
              "sources": [ { "id": "wire", "outlet": "Wire", "title": "Talks", "kind": "article",
                             "published": { "date": "2019-07-10", "precision": "day" }, "file": "wire.txt" } ],
              "people": [ { "id": "min", "name": "Ana Minister", "country": "Utopia",
                            "roles": [ { "title": "Minister", "quote": { "source": "wire", "text": "the minister said" } } ] } ],
              "measures": [],
              "events": [ { "id": "said", "date": "2019-07-09", "precision": "day", "title": "Said", "summary": "Said it.",
                            "quotes": [ { "source": "wire", "text": "the tariff stays", "prefix": "said " } ] } ] }
            """.write(to: dataset.timeline, atomically: true, encoding: .utf8)
        let check = try tl(["check", "--data", dataset.folder.path])
        #expect(check.status == 0, "\(check.stdout)")
        #expect(check.stdout.contains("1 event (0 background), 1 person, 0 measures, 1 source\n"))
        #expect(check.stdout.contains("2 quotes, each found verbatim in its source"))
        let broken = try Dataset(Dataset.replacing("\"date\": \"2019-07-09\"", "\"date\": \"2019-07-32\""))
        let report = try tl(["check", "--data", broken.folder.path])
        #expect(report.stdout.contains("1 problem in"))
        #expect(try tl(["events", "--data", broken.folder.path]).stderr.contains("the timeline has 1 problem;"))
    }
}

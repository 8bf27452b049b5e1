import Foundation
import Testing
import TimelineModel

let packageRoot = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

/// The `tl` binary built alongside these tests.
let tlBinary: URL = {
    let beside = URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent().appendingPathComponent("tl")
    if FileManager.default.isExecutableFile(atPath: beside.path) { return beside }
    return packageRoot.appendingPathComponent(".build/debug/tl")
}()

struct Run {
    var status: Int32
    var stdout: String
    var stderr: String
}

func tl(_ arguments: [String], binary: URL = tlBinary, in directory: URL? = nil, environment: [String: String] = [:]) throws -> Run {
    // Variables for this run only go through env(1).
    let command = environment.isEmpty ? (binary.path, arguments) : ("/usr/bin/env", environment.sorted { $0.key < $1.key }.map { "\($0.key)=\($0.value)" } + [binary.path] + arguments)
    let result = try spawn(command.0, command.1, in: (directory ?? FileManager.default.temporaryDirectory).path)
    return Run(status: result.status, stdout: result.stdout, stderr: result.stderr)
}

/// A copy of data/ that a test may break.
func copyOfData() throws -> URL {
    let folder = try temporaryFolder()
    let copy = folder.appendingPathComponent("data")
    try FileManager.default.copyItem(at: packageRoot.appendingPathComponent("data"), to: copy)
    return copy
}

@Suite("tl commands, run as a user runs them")
struct CommandLineTests {
    @Test func eventsListsTheTimelineFromAnyDirectory() throws {
        let run = try tl(["events"], in: URL(fileURLWithPath: "/"))
        #expect(run.status == 0)
        let lines = run.stdout.split(separator: "\n")
        #expect(lines.first?.hasPrefix("DATE") == true)
        #expect(run.stdout.contains("Sat 29 Jun 2019    g20-truce"))
        #expect(run.stdout.contains("* Background: before the G20 meeting"))
    }

    @Test func binaryCopiedAloneStillOpensTheBundledTimeline() throws {
        let folder = try temporaryFolder()
        let lonely = folder.appendingPathComponent("tl")
        // Copied by another process: a copy written here could still be open in a child that a
        // parallel test forks at that moment, and exec would then fail with "text file busy".
        #expect(try spawn("cp", [tlBinary.path, lonely.path]).status == 0)
        let run = try tl(["check"], binary: lonely, in: folder)
        #expect(run.status == 0)
        #expect(run.stdout.contains("11 events"))
    }

    @Test func eventsJSONFollowsTheContract() throws {
        let run = try tl(["events", "--json"])
        #expect(run.status == 0)
        let events = try #require(try JSONSerialization.jsonObject(with: Data(run.stdout.utf8)) as? [[String: Any]])
        #expect(events.count == 11)
        #expect(events.compactMap { $0["id"] as? String } == ["trade-war", "talks-stall", "huawei-entity-list", "g20-truce", "kudlow-on-the-cards",
                                                            "tariff-exemptions", "talks-relaunch", "reuters-talks-report", "first-contact-call",
                                                            "kudlow-huawei-purchases", "ross-huawei-licences"])
        #expect(events.compactMap { $0["date"] as? String }.prefix(4) == ["2018", "2019-05", "2019-05", "2019-06-29"])
    }

    @Test func eventFiltersCombine() throws {
        let run = try tl(["events", "--person", "kudlow", "--from", "2019-07-01", "--json"])
        let events = try #require(try JSONSerialization.jsonObject(with: Data(run.stdout.utf8)) as? [[String: Any]])
        #expect(events.map { $0["id"] as? String } == ["kudlow-on-the-cards", "kudlow-huawei-purchases"])
        let measure = try tl(["events", "--measure", "huawei-licences"])
        #expect(measure.stdout.contains("ross-huawei-licences") && !measure.stdout.contains("trade-war"))
    }

    @Test func personFindsInvolvementByShortName() throws {
        let run = try tl(["person", "Xi"])
        #expect(run.status == 0)
        #expect(run.stdout.hasPrefix("Xi Jinping\n"))
        #expect(run.stdout.contains("Chinese leader"))
        #expect(run.stdout.contains("g20-truce"))
        #expect(run.stdout.contains("→ agreed the pause in the trade"))
        let json = try tl(["person", "xi", "--json"])
        let person = try #require(try JSONSerialization.jsonObject(with: Data(json.stdout.utf8)) as? [String: Any])
        #expect((person["events"] as? [[String: Any]])?.count == 2)
    }

    @Test func ambiguousNameListsCandidatesAndExits3() throws {
        let run = try tl(["person", "li"])
        #expect(run.status == 3)
        #expect(run.stderr.contains("matches"))
        #expect(run.stderr.contains("liu-he"))
    }

    @Test func notFoundExits3() throws {
        #expect(try tl(["show", "no-such-event"]).status == 3)
        #expect(try tl(["measure", "nothing"]).status == 3)
        #expect(try tl(["search", "zzzzzz"]).status == 3)
        #expect(try tl(["source", "nothing"]).stderr.contains("`tl sources` lists them"))
    }

    @Test func usageErrorsExit2() throws {
        let bogus = try tl(["events", "--bogus"])
        #expect(bogus.status == 2)
        #expect(bogus.stderr.contains("Unknown option"))
        let date = try tl(["events", "--from", "2019-02-30"])
        #expect(date.status == 2)
        #expect(date.stderr.contains("February 2019 has 28 days"))
        #expect(try tl(["show"]).status == 2)
    }

    @Test func everyCommandHasHelp() throws {
        for command in ["events", "show", "people", "person", "measures", "measure", "sources", "source", "search", "check", "browse"] {
            let run = try tl([command, "--help"])
            #expect(run.status == 0, "\(command) --help")
            #expect(run.stdout.contains("USAGE: tl \(command)"), "\(command) --help")
        }
        #expect(try tl(["--help"]).stdout.contains("Exit status: 0 success, 1 data error, 2 usage error, 3 not found."))
    }

    @Test func showGivesDatePeopleMeasuresAndQuotes() throws {
        let run = try tl(["show", "ross"])
        #expect(run.status == 0)
        #expect(run.stdout.contains("from “Tuesday” in Arirang News, resolved against week 28 of 2019 (8–14 Jul)"))
        #expect(run.stdout.contains("Wilbur Ross  Commerce Secretary"))
        #expect(run.stdout.contains("Licences for U.S. sales to Huawei (huawei-licences): eased"))
        #expect(run.stdout.contains("[1] Arirang News (Lee Seung-jae) · arirang-2019-07"))
    }

    @Test func sourceShowsTextAndCitedPassagesWithOffsets() throws {
        let run = try tl(["source", "ttnews"])
        #expect(run.status == 0)
        #expect(run.stdout.contains("Published  Wed 10 Jul 2019, 11:45 EDT"))
        #expect(run.stdout.contains("  The American officials spoke to Chinese Vice Premier Liu He and Commerce"))
        #expect(run.stdout.contains("Cited passages"))
        #expect(run.stdout.contains("role of Robert Lighthizer: U.S. Trade Representative"))
    }

    @Test func searchReportsEventAndField() throws {
        let run = try tl(["search", "soybeans"])
        #expect(run.status == 0)
        #expect(run.stdout.contains("kudlow-huawei-purchases  quote"))
        #expect(try tl(["search", "American products"]).stdout.contains("kudlow-huawei-purchases  measure"))
    }

    @Test func plainOutputFitsEightyColumns() throws {
        for arguments in [["events"], ["show", "g20-truce"], ["people"], ["person", "kudlow"], ["measures"],
                          ["measure", "huawei-licences"], ["sources"], ["source", "arirang"], ["search", "Huawei"], ["check"]] {
            let run = try tl(arguments)
            for line in run.stdout.split(separator: "\n") {
                #expect(TerminalText.displayWidth(String(line)) <= 80, "\(arguments): \(line)")
            }
        }
    }

    @Test func checkRejectsABrokenCopyWithExactPlaces() throws {
        let data = try copyOfData()
        let file = data.appendingPathComponent("timeline.json")
        var text = try String(contentsOf: file, encoding: .utf8)
        text = text.replacingOccurrences(of: "\"date\": \"2019-06-29\"", with: "\"date\": \"2019-06-31\"")
        text = text.replacingOccurrences(of: "with Trump to scale up purchases", with: "with Trump to step up purchases")
        text = text.replacingOccurrences(of: "\"Liu\"]", with: "\"Liu\"], \"age\": 77")
        try text.write(to: file, atomically: true, encoding: .utf8)
        let run = try tl(["check", "--data", data.path])
        #expect(run.status == 1)
        #expect(run.stdout.contains("timeline.json:287:15: $.events[3].date: impossible date \"2019-06-31\": June 2019 has 30 days, not 31"))
        #expect(run.stdout.contains("$.people[4].age: unknown field \"age\""))
        #expect(run.stdout.contains("the quote is not verbatim in source \"ttnews-2019-07-10\""))
        #expect(run.stdout.contains("problems in"))
        let events = try tl(["events", "--data", data.path])
        #expect(events.status == 1)
        #expect(events.stderr.contains("tl check --data"))
        let json = try tl(["check", "--json", "--data", data.path])
        let report = try #require(try JSONSerialization.jsonObject(with: Data(json.stdout.utf8)) as? [String: Any])
        #expect(report["ok"] as? Bool == false)
        #expect((report["problems"] as? [[String: Any]])?.count == 4)
    }

    @Test func checkOnAMissingFolderSaysSo() throws {
        let run = try tl(["check", "--data", "/nonexistent/timeline.json"])
        #expect(run.status == 1)
        #expect(run.stdout.contains("/nonexistent/timeline.json: file not found"))
    }

    @Test func checkReportsCoverage() throws {
        let run = try tl(["check"])
        #expect(run.status == 0)
        #expect(run.stdout.contains("11 events (3 background), 9 people, 6 measures, 2 sources"))
        #expect(run.stdout.contains("ttnews-2019-07-10"))
        #expect(run.stdout.contains("characters cited"))
    }

    @Test func hostileTextNeverReachesTheTerminalRaw() throws {
        let data = try copyOfData()
        let file = data.appendingPathComponent("timeline.json")
        var text = try String(contentsOf: file, encoding: .utf8)
        text = text.replacingOccurrences(of: "\"title\": \"Trump and Xi agree a truce at the G20\"",
                                         with: "\"title\": \"Truce\\u001b]0;pwned\\u0007 \\u001b[31mred\\u009b \\u202eevil\"")
        try text.write(to: file, atomically: true, encoding: .utf8)
        for arguments in [["events"], ["show", "g20-truce"], ["events", "--json"], ["search", "Truce"], ["person", "xi"]] {
            let run = try tl(arguments + ["--data", data.path])
            #expect(run.status == 0, "\(arguments)")
            let bad = run.stdout.unicodeScalars.filter { TerminalText.isUnsafe($0) && $0 != "\n" }
            #expect(bad.isEmpty, "\(arguments) printed \(bad.map { String($0.value, radix: 16) })")
        }
        #expect(try tl(["show", "g20-truce", "--data", data.path]).stdout.contains("Truce^[]0;pwned^G ^[[31mred<U+009B> <U+202E>evil"))
    }
}

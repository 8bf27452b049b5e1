import Foundation
import TestSupport
import Testing
import TimelineModel

/// The sample timeline on disk, for breaking one thing at a time.
struct Dataset {
    let folder: URL
    var timeline: URL { folder.appendingPathComponent("timeline.json") }

    /// Writes the dataset with `change` applied to the JSON text.
    init(_ change: (String) -> String = { $0 }) throws {
        folder = try temporaryFolder()
        try change(SampleTimeline.json).write(to: timeline, atomically: true, encoding: .utf8)
        try SampleTimeline.source.write(to: folder.appendingPathComponent("wire.txt"), atomically: true, encoding: .utf8)
    }

    static func replacing(_ old: String, _ new: String) -> (String) -> String {
        { SampleTimeline.replacing(old, with: new, in: $0) }
    }

    func write(_ bytes: [UInt8], to name: String = "timeline.json") throws {
        try Data(bytes).write(to: folder.appendingPathComponent(name))
    }
}

/// One broken dataset and what `tl check` must say about it.
struct BrokenCase: CustomTestStringConvertible, Sendable {
    let name: String
    /// Text the report must hold: the place (`timeline.json:LINE:COLUMN: PATH:`) and the message.
    let expected: [String]
    let make: @Sendable () throws -> Dataset

    var testDescription: String { name }

    static let all: [BrokenCase] = [
        BrokenCase(name: "empty file", expected: ["timeline.json:1:1: $: the file is empty"]) {
            let d = try Dataset(); try d.write([]); return d
        },
        BrokenCase(name: "truncated file", expected: ["timeline.json:12:75: $.people[1].roles[0].quote.text: the file ends inside a string; the JSON is truncated"]) {
            let d = try Dataset(); try d.write(Array(SampleTimeline.json.utf8.prefix(600))); return d
        },
        BrokenCase(name: "invalid UTF-8", expected: ["timeline.json:3:13: $.title: invalid UTF-8 in a string"]) {
            let d = try Dataset()
            var bytes = Array(SampleTimeline.json.utf8)
            bytes[bytes.firstIndex(of: UInt8(ascii: "T"))!] = 0xFF
            try d.write(bytes); return d
        },
        BrokenCase(name: "byte-order mark", expected: ["timeline.json:1:1: $: the file starts with a UTF-8 byte-order mark"]) {
            let d = try Dataset(); try d.write([0xEF, 0xBB, 0xBF] + Array(SampleTimeline.json.utf8)); return d
        },
        BrokenCase(name: "a 50 MB single string", expected: ["timeline.json:1:1: $: expected an object, found a string"]) {
            let d = try Dataset(); try d.write([UInt8(ascii: "\"")] + Array(repeating: UInt8(ascii: "a"), count: 50_000_000) + [UInt8(ascii: "\"")]); return d
        },
        BrokenCase(name: "a 50 MB title in an otherwise valid timeline", expected: ["timeline.json:3:12: $.title: the text is 50000000 bytes long; a field may hold at most 100000"]) {
            try Dataset(Dataset.replacing("\"title\": \"Test timeline\"", "\"title\": \"" + String(repeating: "a", count: 50_000_000) + "\""))
        },
        BrokenCase(name: "arrays nested 100,000 deep", expected: ["timeline.json:1:257: values are nested more than 256 levels deep"]) {
            let d = try Dataset(); try d.write(Array(repeating: UInt8(ascii: "["), count: 100_000) + Array(repeating: UInt8(ascii: "]"), count: 100_000)); return d
        },
        BrokenCase(name: "number where a string belongs", expected: ["timeline.json:3:12: $.title: expected a string, found a number"]) {
            try Dataset(Dataset.replacing("\"title\": \"Test timeline\"", "\"title\": 42"))
        },
        BrokenCase(name: "string where a boolean belongs", expected: ["$.events[1].background: expected true or false, found a string"]) {
            try Dataset(Dataset.replacing("\"background\": true", "\"background\": \"true\""))
        },
        BrokenCase(name: "missing required field", expected: ["timeline.json:24:5: $.events[1]: missing required field \"summary\" (a string)"]) {
            try Dataset(Dataset.replacing("\"summary\": \"Talks began a week earlier.\",", ""))
        },
        BrokenCase(name: "unknown field", expected: ["$.events[1].colour: unknown field \"colour\""]) {
            try Dataset(Dataset.replacing("\"title\": \"Talks begin\",", "\"title\": \"Talks begin\", \"colour\": \"red\","))
        },
        BrokenCase(name: "dangling id", expected: ["$.events[0].people[0].person: unknown person \"ghost\""]) {
            try Dataset(Dataset.replacing("{ \"person\": \"min\"", "{ \"person\": \"ghost\""))
        },
        BrokenCase(name: "duplicate id", expected: ["timeline.json:24:5: $.events[1]: duplicate event id \"said\"; it is first used at $.events[0] (line 19)"]) {
            try Dataset(Dataset.replacing("\"id\": \"began\"", "\"id\": \"said\""))
        },
        BrokenCase(name: "quote not in its source", expected: ["$.events[1].quotes[0].text: the quote is not verbatim in source \"wire\""]) {
            try Dataset(Dataset.replacing("Last week talks began.\" }", "Last week talks collapsed.\" }"))
        },
        BrokenCase(name: "quote twice without prefix or suffix", expected: ["the quote occurs 2 times in source \"wire\" (line 1, column 34; line 1, column 52); add a \"prefix\" or \"suffix\" to pick one: \"suffix\": \".\" for line 1, column 34"]) {
            try Dataset(Dataset.replacing("\"text\": \"the tariff stays\"", "\"text\": \"tariff stays\""))
        },
        BrokenCase(name: "impossible day", expected: ["$.events[0].date: impossible date \"2019-02-30\": February 2019 has 28 days, not 30"]) {
            try Dataset(Dataset.replacing("\"2019-07-09\"", "\"2019-02-30\""))
        },
        BrokenCase(name: "month 13", expected: ["$.events[0].date: impossible date \"2019-13\": there is no month 13"]) {
            try Dataset(Dataset.replacing("\"date\": \"2019-07-09\", \"precision\": \"day\"", "\"date\": \"2019-13\", \"precision\": \"month\""))
        },
        BrokenCase(name: "week precision with a day date", expected: ["$.events[1].precision: precision \"week\" does not fit the date \"2019-07-01\""]) {
            try Dataset(Dataset.replacing("\"2019-W27\"", "\"2019-07-01\""))
        },
        BrokenCase(name: "lone surrogate escape", expected: ["lone high surrogate \\uD800 in a string"]) {
            try Dataset(Dataset.replacing("\"Talks begin\"", "\"Talks \\ud800 begin\""))
        },
        BrokenCase(name: "raw control character in a string", expected: ["control character (byte 0x1B) inside a string"]) {
            try Dataset(Dataset.replacing("\"Talks begin\"", "\"Talks \u{1B}[31m begin\""))
        },
        BrokenCase(name: "source file missing", expected: ["$.sources[0].file: source file", "wire.txt file not found"]) {
            let d = try Dataset(); try FileManager.default.removeItem(at: d.folder.appendingPathComponent("wire.txt")); return d
        },
        BrokenCase(name: "source file is a directory", expected: ["wire.txt is a directory, not a file"]) {
            let d = try Dataset()
            let wire = d.folder.appendingPathComponent("wire.txt")
            try FileManager.default.removeItem(at: wire)
            try FileManager.default.createDirectory(at: wire, withIntermediateDirectories: false)
            return d
        },
        BrokenCase(name: "source file is a pipe", expected: ["wire.txt is not a regular file"]) {
            let d = try Dataset()
            let wire = d.folder.appendingPathComponent("wire.txt")
            try FileManager.default.removeItem(at: wire)
            mkfifo(wire.path, 0o644)
            return d
        },
        BrokenCase(name: "source path leaves the folder", expected: ["$.sources[0].file: source file path \"../../etc/passwd\" must be relative"]) {
            try Dataset(Dataset.replacing("\"file\": \"wire.txt\"", "\"file\": \"../../etc/passwd\""))
        },
        BrokenCase(name: "source symlink leaves the folder", expected: ["wire.txt leads outside the timeline's folder"]) {
            let d = try Dataset()
            let wire = d.folder.appendingPathComponent("wire.txt")
            try FileManager.default.removeItem(at: wire)
            try FileManager.default.createSymbolicLink(atPath: wire.path, withDestinationPath: "/etc/hostname")
            return d
        },
        BrokenCase(name: "invalid UTF-8 in a source file", expected: ["wire.txt:2:5: invalid UTF-8 in source text"]) {
            let d = try Dataset(); try d.write(Array("line one\nline".utf8) + [0xC3, 0x28], to: "wire.txt"); return d
        },
        BrokenCase(name: "no events", expected: ["$.events: the timeline has no events; add at least one"]) {
            try Dataset { text in String(text[..<text.range(of: "\"events\": [")!.upperBound]) + "] }" }
        },
        BrokenCase(name: "wrong format marker", expected: ["$.format: unsupported format \"tl-timeline/9\""]) {
            try Dataset(Dataset.replacing("tl-timeline/1", "tl-timeline/9"))
        },
    ]
}

@Suite("Broken datasets: a clear error, exit 1, never a crash")
struct HostileDataTests {
    @Test(arguments: BrokenCase.all)
    func checkReportsThePlaceAndExits1(_ broken: BrokenCase) throws {
        let dataset = try broken.make()
        let check = try tl(["check", "--data", dataset.folder.path])
        #expect(check.status == 1, "exit status")
        for text in broken.expected {
            #expect(check.stdout.contains(text), "\(broken.name): missing \(text) in:\n\(check.stdout.prefix(2000))")
        }
        #expect(check.stderr.isEmpty, "\(broken.name): stderr: \(check.stderr.prefix(500))")
        // The other commands refuse the same data with the same report on stderr.
        let events = try tl(["events", "--data", dataset.folder.path])
        #expect(events.status == 1)
        #expect(events.stdout.isEmpty)
        #expect(events.stderr.contains(broken.expected[0]))
        #expect(!events.stderr.contains("Fatal error") && !events.stderr.contains("Backtrace"))
    }

    @Test func unreadableSourceFile() throws {
        let dataset = try Dataset()
        let wire = dataset.folder.appendingPathComponent("wire.txt")
        try FileManager.default.setAttributes([.posixPermissions: 0o000], ofItemAtPath: wire.path)
        // Root reads any file, so run tl as an ordinary user when the tests run as root.
        let binary = dataset.folder.deletingLastPathComponent().appendingPathComponent("tl-\(UUID().uuidString.prefix(6))")
        #expect(try spawn("cp", [tlBinary.path, binary.path]).status == 0)
        try FileManager.default.setAttributes([.posixPermissions: 0o755], ofItemAtPath: dataset.folder.path)
        let run = getuid() == 0
            ? try spawn("setpriv", ["--reuid=nobody", "--regid=nogroup", "--clear-groups", binary.path, "check", "--data", dataset.folder.path])
            : try spawn(binary.path, ["check", "--data", dataset.folder.path])
        #expect(run.status == 1)
        #expect(run.stdout.contains("wire.txt cannot be read (check its permissions)"), "\(run.stdout)\(run.stderr)")
    }

    @Test func dataFolderWithoutTimeline() throws {
        let folder = try temporaryFolder()
        let run = try tl(["check", "--data", folder.path])
        #expect(run.status == 1)
        #expect(run.stdout.contains("timeline.json: file not found"))
    }

    @Test func readingNeverWritesTheDataset() throws {
        let dataset = try Dataset()
        func snapshot() throws -> [String: Data] {
            var files: [String: Data] = [:]
            for name in try FileManager.default.contentsOfDirectory(atPath: dataset.folder.path) {
                files[name] = try Data(contentsOf: dataset.folder.appendingPathComponent(name))
            }
            return files
        }
        let before = try snapshot()
        let attributesBefore = try FileManager.default.attributesOfItem(atPath: dataset.timeline.path)[.modificationDate] as? Date
        for arguments in [["check"], ["events"], ["show", "said"], ["person", "min"], ["source", "wire"], ["search", "tariff"], ["events", "--json"]] {
            _ = try tl(arguments + ["--data", dataset.folder.path])
        }
        let session = try TmuxSession(["--data", dataset.folder.path])
        try session.waitFor("Timeline · 2 events")
        try session.send("j", "Tab", "Tab", "Tab", "Tab", "Enter", "q", "q")
        #expect(try session.exitStatus() == 0)
        #expect(try snapshot() == before)
        #expect(try FileManager.default.attributesOfItem(atPath: dataset.timeline.path)[.modificationDate] as? Date == attributesBefore)
    }
}

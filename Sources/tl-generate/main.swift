// Writes a valid synthetic timeline of N events in tl's own format, deterministic for a seed,
// for benchmarks at scale: people with roles, measures with changes, sources of article length,
// and every quote taken verbatim from a source.
//
// It streams, so that 10,000,000 events fit in memory: only each event's random draws are kept
// (12 bytes an event), and timeline.json and each source's text are rendered from them piece by
// piece as they are written, never as one tree of the whole timeline.
//
//     swift run -c release tl-generate --events 100000 --seed 1 --output /tmp/timeline-100k

import ArgumentParser
import Foundation
import TimelineModel

@main
struct Generate: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "tl-generate", abstract: "Write a synthetic timeline for benchmarks.")

    @Option(help: "Number of events.") var events: Int = 1000
    @Option(help: "Seed; the same seed gives the same files.") var seed: UInt64 = 1
    @Option(help: "Folder to write timeline.json and sources/ into (created).") var output: String

    func validate() throws {
        guard events > 0 else { throw ValidationError("--events must be at least 1") }
    }

    func run() throws {
        var random = SplitMix64(seed: seed)
        let folder = URL(fileURLWithPath: output)
        try FileManager.default.createDirectory(at: folder.appendingPathComponent("sources"), withIntermediateDirectories: true)
        let timeline = SyntheticTimeline(events: events, random: &random)

        for s in 0..<timeline.sourceCount {
            try timeline.text(ofSource: s).write(to: folder.appendingPathComponent("sources/source-\(s).txt"), atomically: false, encoding: .utf8)
        }
        var file = try StreamedJSONObject(at: folder.appendingPathComponent("timeline.json"))
        file.member("format", .string(TimelineLoader.formatName))
        file.member("title", .string("Synthetic trade timeline, \(events) events (seed \(seed))"))
        try file.member("sources", count: timeline.sourceCount, timeline.json(source:))
        try file.member("people", count: timeline.people.count, timeline.json(person:))
        try file.member("measures", count: timeline.measures.count, timeline.json(measure:))
        try file.member("events", count: events, timeline.json(event:))
        try file.close()
    }
}

/// The generated timeline: its people and measures, and each event's random draws, from which
/// the sources' texts and the JSON of each source, person, measure and event are rendered.
struct SyntheticTimeline {
    /// One event's draws, narrow since there is one per event (people and measures are fewer
    /// than 65,536).
    struct Draws {
        let day: UInt16
        let monthOnly: Bool
        let actor: UInt16
        let other: UInt16
        let measure: UInt16
        let status: UInt8
        let city: UInt8
    }

    let sourceCount: Int
    let people: [(id: String, name: String, role: String, source: Int, quote: String)]
    let measures: [(id: String, name: String, kind: String)]
    let draws: [Draws]
    /// The events that change each measure, in order.
    let changes: [[Int]]
    /// Events spread over ten years from this day, in random order in the file (the loader sorts them).
    let firstDay = CivilDay(year: 2015, month: 1, day: 1)!.dayNumber

    init(events: Int, random: inout SplitMix64) {
        let peopleCount = min(5000, max(12, events / 40))
        let measureCount = min(2000, max(6, events / 150))
        // About 25 events per source, so a source reads like an article of a few thousand characters.
        let sourceCount = max(2, events / 25)
        self.sourceCount = sourceCount

        people = (0..<peopleCount).map { p in
            let name = "\(firstNames[p % firstNames.count]) \(lastNames[(p / firstNames.count + p) % lastNames.count]) \(p)"
            let role = roles[random.below(roles.count)]
            return ("person-\(p)", name, role, p % sourceCount, "\(role) \(name)")
        }
        measures = (0..<measureCount).map { m in
            let kind = measureKinds[m % measureKinds.count]
            return ("measure-\(m)", "\(kind.label) \(m) on \(products[m % products.count])", kind.kind)
        }

        var draws: [Draws] = []
        var changes = Array(repeating: [Int](), count: measureCount)
        draws.reserveCapacity(events)
        for e in 0..<events {
            // Swift evaluates arguments left to right, so the draws keep their order.
            let event = Draws(day: UInt16(random.below(3650)), monthOnly: random.below(10) == 0,
                              actor: UInt16(random.below(peopleCount)), other: UInt16(random.below(peopleCount)),
                              measure: UInt16(random.below(measureCount)), status: UInt8(random.below(statuses.count)),
                              city: UInt8(random.below(cities.count)))
            if random.below(3) == 0 { changes[Int(event.measure)].append(e) }
            draws.append(event)
        }
        self.draws = draws
        self.changes = changes
    }

    /// Source `s`'s text in paragraphs of five sentences: the profiles of its people, then the
    /// reports of its events.
    func text(ofSource s: Int) -> String {
        let sentences = stride(from: s, to: people.count, by: sourceCount).map { "In a profile, \(people[$0].quote) was described as a veteran of the negotiations." }
            + stride(from: s, to: draws.count, by: sourceCount).map(sentence(ofEvent:))
        return stride(from: 0, to: sentences.count, by: 5).map { sentences[$0..<min(sentences.count, $0 + 5)].joined(separator: " ") }
            .joined(separator: "\n\n") + "\n"
    }

    func sentence(ofEvent e: Int) -> String {
        let event = draws[e]
        return "Report \(e): \(people[Int(event.actor)].name) said the \(measures[Int(event.measure)].name) would be \(statuses[Int(event.status)]) "
            + "after talks with \(people[Int(event.other)].name) in \(cities[Int(event.city)])."
    }

    func quote(ofEvent e: Int) -> JSONOut {
        .object([("source", .string("source-\(e % sourceCount)")), ("text", .string(sentence(ofEvent: e)))])
    }

    func json(source s: Int) -> JSONOut {
        .object([
            ("id", .string("source-\(s)")),
            ("outlet", .string(outlets[s % outlets.count])),
            ("title", .string("Trade talks digest \(s)")),
            ("author", .string("\(firstNames[s % firstNames.count]) \(lastNames[s % lastNames.count])")),
            ("kind", .string(s % 5 == 0 ? "broadcast transcript" : "article")),
            ("published", .object([("date", .string(CivilDay(dayNumber: firstDay + 3650 + s % 30).iso)), ("precision", .string("day"))])),
            ("file", .string("sources/source-\(s).txt")),
        ])
    }

    func json(person p: Int) -> JSONOut {
        let person = people[p]
        return .object([
            ("id", .string(person.id)), ("name", .string(person.name)),
            ("shortNames", .array([.string(String(person.name.split(separator: " ")[1]))])),
            ("country", .string(countries[person.source % countries.count])),
            ("roles", .array([.object([("title", .string(person.role)),
                                       ("quote", .object([("source", .string("source-\(person.source)")), ("text", .string(person.quote))]))])])),
        ])
    }

    /// Measure `m` with its changes, rendered whole: a third of the events, shared among the
    /// measures (some 1,700 each at 10,000,000 events).
    func json(measure m: Int) -> JSONOut {
        .object([("id", .string(measures[m].id)), ("name", .string(measures[m].name)), ("kind", .string(measures[m].kind)),
                 ("changes", .array(changes[m].map { e in
                     .object([("event", .string("event-\(e)")), ("status", .string(statuses[Int(draws[e].status)])), ("quote", quote(ofEvent: e))])
                 }))])
    }

    func json(event e: Int) -> JSONOut {
        let event = draws[e]
        let day = CivilDay(dayNumber: firstDay + Int(event.day))
        let (date, precision) = event.monthOnly ? ("\(day.year)-\(day.month < 10 ? "0" : "")\(day.month)", "month") : (day.iso, "day")
        let actor = people[Int(event.actor)]
        let other = people[Int(event.other)]
        let measure = measures[Int(event.measure)]
        let status = statuses[Int(event.status)]
        var participants: [JSONOut] = [.object([("person", .string(actor.id)), ("part", .string("announced that the measure would be \(status)"))])]
        if other.id != actor.id {
            participants.append(.object([("person", .string(other.id)), ("part", .string("took part in the talks"))]))
        }
        return .object([
            ("id", .string("event-\(e)")),
            ("date", .string(date)),
            ("precision", .string(precision)),
            ("title", .string("\(actor.name.split(separator: " ").dropLast().last ?? "") on \(measure.name)")),
            ("summary", .string("\(actor.name) says the \(measure.name) will be \(status) after meeting \(other.name).")),
            ("background", .bool(false)),
            ("people", .array(participants)),
            ("quotes", .array([quote(ofEvent: e)])),
        ])
    }
}

/// A JSON object written to a file member by member, laid out as `JSONOut.rendered()` lays out
/// the whole, through a buffer written out at every megabyte.
struct StreamedJSONObject {
    private let handle: FileHandle
    private var buffer = "{\n"
    private var memberCount = 0

    init(at url: URL) throws {
        guard FileManager.default.createFile(atPath: url.path, contents: nil) else {
            throw CocoaError(.fileWriteUnknown, userInfo: [NSFilePathErrorKey: url.path])
        }
        handle = try FileHandle(forWritingTo: url)
    }

    mutating func member(_ key: String, _ value: JSONOut) {
        startMember(key)
        value.write(to: &buffer, indent: 1)
    }

    /// A member whose value is an array of `count` items, each made, rendered and let go in turn.
    mutating func member(_ key: String, count: Int, _ item: (Int) -> JSONOut) throws {
        startMember(key)
        guard count > 0 else { buffer += "[]"; return }
        buffer += "[\n"
        for i in 0..<count {
            buffer += i == 0 ? "    " : ",\n    "
            item(i).write(to: &buffer, indent: 2)
            if buffer.utf8.count >= 1 << 20 { try flush() }
        }
        buffer += "\n  ]"
    }

    mutating func close() throws {
        buffer += "\n}\n"
        try flush()
        try handle.close()
    }

    private mutating func startMember(_ key: String) {
        buffer += memberCount == 0 ? "  " : ",\n  "
        memberCount += 1
        JSONOut.string(key).write(to: &buffer, indent: 1)
        buffer += ": "
    }

    private mutating func flush() throws {
        try handle.write(contentsOf: Data(buffer.utf8))
        buffer.removeAll(keepingCapacity: true)
    }
}

let firstNames = ["Ana", "Ben", "Chen", "Dana", "Eun-ji", "Farid", "Greta", "Hiro", "Ines", "Jamal", "Kofi", "Lena", "Mei", "Nikos", "Olga", "Pablo"]
let lastNames = ["Alvarez", "Brandt", "Cho", "Duarte", "Eriksen", "Fontaine", "Gupta", "Haddad", "Ivanova", "Jansen", "Kato", "Lindqvist", "Moreau", "Novak"]
let roles = ["Trade Representative", "Commerce Minister", "Vice Premier", "Treasury Secretary", "economic adviser", "Finance Minister", "chief negotiator", "ambassador"]
let statuses = ["threatened", "imposed", "kept", "postponed", "suspended", "eased", "exempted", "promised"]
let measureKinds: [(kind: String, label: String)] = [("tariff", "Tariff"), ("export control", "Export control"), ("licence", "Licence scheme"),
                                                     ("exemption", "Exemption"), ("purchase commitment", "Purchase pledge")]
let products = ["steel", "soybeans", "semiconductors", "solar panels", "aircraft parts", "rare earths", "pharmaceuticals", "textiles"]
let cities = ["Geneva", "Beijing", "Washington", "Osaka", "Brussels", "Singapore", "Seoul", "Mexico City"]
let outlets = ["Wire Service", "Evening Ledger", "Trade Desk", "Broadcast Daily", "Market Courier"]
let countries = ["United States", "China"]

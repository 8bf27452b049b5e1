// Writes a valid synthetic timeline of N events in tl's own format, deterministic for a seed,
// for benchmarks at scale: people with roles, measures with changes, sources of article length,
// and every quote taken verbatim from a source.
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

        let peopleCount = min(5000, max(12, events / 40))
        let measureCount = min(2000, max(6, events / 150))
        // About 25 events per source, so a source reads like an article of a few thousand characters.
        let sourceCount = max(2, events / 25)

        var sources = Array(repeating: [String](), count: sourceCount)
        let people: [(id: String, name: String, role: String, source: Int, quote: String)] = (0..<peopleCount).map { p in
            let name = "\(firstNames[p % firstNames.count]) \(lastNames[(p / firstNames.count + p) % lastNames.count]) \(p)"
            let role = roles[random.below(roles.count)]
            let quote = "\(role) \(name)"
            let source = p % sourceCount
            sources[source].append("In a profile, \(quote) was described as a veteran of the negotiations.")
            return ("person-\(p)", name, role, source, quote)
        }
        let measures: [(id: String, name: String, kind: String)] = (0..<measureCount).map { m in
            let kind = measureKinds[m % measureKinds.count]
            return ("measure-\(m)", "\(kind.label) \(m) on \(products[m % products.count])", kind.kind)
        }

        // Events spread over ten years, in random order in the file (the loader sorts them).
        let firstDay = CivilDay(year: 2015, month: 1, day: 1)!.dayNumber
        var eventJSON: [JSONOut] = []
        var changes = Array(repeating: [JSONOut](), count: measureCount)
        eventJSON.reserveCapacity(events)
        for e in 0..<events {
            let day = CivilDay(dayNumber: firstDay + random.below(3650))
            let (date, precision) = random.below(10) == 0
                ? ("\(day.year)-\(day.month < 10 ? "0" : "")\(day.month)", "month")
                : (day.iso, "day")
            let source = e % sourceCount
            let actor = people[random.below(peopleCount)]
            let other = people[random.below(peopleCount)]
            let measureIndex = random.below(measureCount)
            let measure = measures[measureIndex]
            let status = statuses[random.below(statuses.count)]
            let sentence = "Report \(e): \(actor.name) said the \(measure.name) would be \(status) after talks with \(other.name) in \(cities[random.below(cities.count)])."
            sources[source].append(sentence)
            let quote = JSONOut.object([("source", .string("source-\(source)")), ("text", .string(sentence))])
            var participants: [JSONOut] = [.object([("person", .string(actor.id)), ("part", .string("announced that the measure would be \(status)"))])]
            if other.id != actor.id {
                participants.append(.object([("person", .string(other.id)), ("part", .string("took part in the talks"))]))
            }
            eventJSON.append(.object([
                ("id", .string("event-\(e)")),
                ("date", .string(date)),
                ("precision", .string(precision)),
                ("title", .string("\(actor.name.split(separator: " ").dropLast().last ?? "") on \(measure.name)")),
                ("summary", .string("\(actor.name) says the \(measure.name) will be \(status) after meeting \(other.name).")),
                ("background", .bool(false)),
                ("people", .array(participants)),
                ("quotes", .array([quote])),
            ]))
            if random.below(3) == 0 {
                changes[measureIndex].append(.object([("event", .string("event-\(e)")), ("status", .string(status)), ("quote", quote)]))
            }
        }

        let sourceJSON: [JSONOut] = sources.indices.map { s in
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
        let personJSON: [JSONOut] = people.map { person in
            .object([
                ("id", .string(person.id)), ("name", .string(person.name)),
                ("shortNames", .array([.string(String(person.name.split(separator: " ")[1]))])),
                ("country", .string(countries[person.source % countries.count])),
                ("roles", .array([.object([("title", .string(person.role)),
                                           ("quote", .object([("source", .string("source-\(person.source)")), ("text", .string(person.quote))]))])])),
            ])
        }
        let measureJSON: [JSONOut] = measures.indices.map { m in
            .object([("id", .string(measures[m].id)), ("name", .string(measures[m].name)), ("kind", .string(measures[m].kind)),
                     ("changes", .array(changes[m]))])
        }

        for (s, sentences) in sources.enumerated() {
            // Paragraphs of five sentences.
            let text = stride(from: 0, to: sentences.count, by: 5).map { sentences[$0..<min(sentences.count, $0 + 5)].joined(separator: " ") }
                .joined(separator: "\n\n") + "\n"
            try text.write(to: folder.appendingPathComponent("sources/source-\(s).txt"), atomically: false, encoding: .utf8)
        }
        let timeline = JSONOut.object([
            ("format", .string(TimelineLoader.formatName)),
            ("title", .string("Synthetic trade timeline, \(events) events (seed \(seed))")),
            ("sources", .array(sourceJSON)), ("people", .array(personJSON)), ("measures", .array(measureJSON)), ("events", .array(eventJSON)),
        ])
        try (timeline.rendered() + "\n").write(to: folder.appendingPathComponent("timeline.json"), atomically: false, encoding: .utf8)
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

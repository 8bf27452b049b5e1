import ArgumentParser
import Foundation
import TimelineModel
import TimelineStore
import TimelineUI

/// The kinds of thing a command finds by name: how each is found, named and listed.
enum Findable: Sendable {
    case event, person, measure, source

    /// "event", "person", …
    var noun: String {
        switch self {
        case .event: "event"
        case .person: "person"
        case .measure: "measure"
        case .source: "source"
        }
    }

    /// The command that lists every one.
    var listCommand: String {
        switch self {
        case .event: "events"
        case .person: "people"
        case .measure: "measures"
        case .source: "sources"
        }
    }

    func find(_ query: String, in t: Timeline) -> Lookup<Int> {
        switch self {
        case .event: t.findEvent(query)
        case .person: t.findPerson(query)
        case .measure: t.findMeasure(query)
        case .source: t.findSource(query)
        }
    }

    /// Every id of this kind, for the one a mistyped id meant.
    func ids(in t: Timeline) -> [String] {
        switch self {
        case .event: t.events.map(\.id)
        case .person: t.people.map(\.id)
        case .measure: t.measures.map(\.id)
        case .source: t.sources.map(\.id)
        }
    }

    /// One candidate's id and what it is called, for a list of candidates.
    func candidate(_ index: Int, in t: Timeline) -> (id: String, name: String) {
        switch self {
        case .event: (t.events[index].id, t.events[index].title)
        case .person: (t.people[index].id, t.people[index].name)
        case .measure: (t.measures[index].id, t.measures[index].name)
        case .source: (t.sources[index].id, t.sources[index].byline)
        }
    }
}

extension Findable {
    var storedKind: SQLiteStorage.Kind {
        switch self {
        case .event: .event
        case .person: .person
        case .measure: .measure
        case .source: .source
        }
    }

    /// Shell completion of ids from the timeline the command line names with `--data` (the
    /// bundled one without), for `tl person <TAB>` and the like. Quiet: a timeline that does not
    /// load completes nothing.
    var completion: CompletionKind {
        let kind = self
        return .custom { words, _, prefix in
            let data: String? = words.firstIndex(of: "--data").flatMap { words.indices.contains($0 + 1) ? words[$0 + 1] : nil }
            // A store answers from its index of ids: it may hold millions.
            if let data, OpenedData.isStore(data), let storage = try? SQLiteStorage(path: data, onFailure: { _ in exit(0) }) {
                return storage.ids(of: kind.storedKind, startingWith: prefix)
            }
            guard case .success(let t) = TimelineLoader.load(data.map { TimelineFiles.disk($0) } ?? .bundled) else { return [] }
            let ids: [String] = switch kind {
            case .event: t.events.map(\.id)
            case .person: t.people.map(\.id)
            case .measure: t.measures.map(\.id)
            case .source: t.sources.map(\.id)
            }
            return ids.filter { $0.hasPrefix(prefix) }
        }
    }
}

/// The one item `query` names, or an explanation and exit 3: nothing matches, or several do
/// (listed with their ids in a column, so the user can pick one).
func choose(_ kind: Findable, _ query: String, in t: Timeline) throws -> Int {
    try choose(kind.find(query, in: t), kind, query: query, in: t)
}

/// The same, for a lookup already made.
func choose(_ lookup: Lookup<Int>, _ kind: Findable, query: String, in t: Timeline) throws -> Int {
    try choose(lookup, kind, query: query, ids: kind.ids(in: t)) { kind.candidate($0, in: t) }
}

private func choose(_ lookup: Lookup<Int>, _ kind: Findable, query: String, ids: [String],
                    candidate: (Int) -> (id: String, name: String)) throws -> Int {
    switch lookup {
    case .found(let index): return index
    case .ambiguous(let candidates):
        let plural = kind == .person ? "people" : nil
        writeError("tl: \"\(Plain.clean(query))\" matches \(Wording.counted(candidates.count, kind.noun, plural: plural)); be more specific:")
        let rows = candidates.map(candidate).map { [$0.id, $0.name] }
        for line in Plain.table(rows, ids: [0], width: Plain.width - 2) { writeError("  " + line) }
        throw Status.notFound
    case .notFound:
        let list = "`tl \(kind.listCommand)` lists them"
        let guess = closestName(to: query, among: ids).map { "; did you mean \"\(Plain.clean($0))\"?\n" + list } ?? "; " + list
        writeError("tl: no \(kind.noun) matches \"\(Plain.clean(query))\"" + guess)
        throw Status.notFound
    }
}

/// `--from` and `--to`, for the commands that take a range of dates; a range that ends before
/// it starts is a usage error.
struct DateRangeOptions: ParsableArguments {
    @Option(help: ArgumentHelp("Only events on or after this date (2019-07-01, 2019-W27, 2019-07, 2019).", valueName: "date"))
    var from: String?
    @Option(help: ArgumentHelp("Only events on or before this date.", valueName: "date"))
    var to: String?

    /// The first date of the range, if given.
    var fromDate: TimelineDate? { get throws { try DateRangeOptions.parse(from, name: "from") } }
    /// The last date of the range, if given.
    var toDate: TimelineDate? { get throws { try DateRangeOptions.parse(to, name: "to") } }

    func validate() throws {
        if let from = try fromDate, let to = try toDate, from.firstDay > to.lastDay {
            throw ValidationError("--from \(Plain.clean(from.iso)) is after --to \(Plain.clean(to.iso)): the range has no dates in it")
        }
    }

    static func parse(_ text: String?, name: String) throws -> TimelineDate? {
        guard let text else { return nil }
        switch TimelineDate.parse(text) {
        case .success(let date): return date
        case .failure(.malformed): throw ValidationError("--\(name) \"\(Plain.clean(text))\" is not a date; write 2019-07-09, 2019-W27, 2019-07 or 2019")
        case .failure(.impossible(let why)): throw ValidationError("--\(name) \"\(Plain.clean(text))\" is impossible: \(why)")
        }
    }
}

func printJSON(_ value: JSONOut) { print(value.rendered()) }

/// A JSON array printed element by element, so a long list neither waits nor piles up in memory.
func printJSONArray(_ items: some Sequence<JSONOut>) {
    var first = true
    var text = ""
    for item in items {
        print(first ? "[" : ",", terminator: "\n  ")
        text.removeAll(keepingCapacity: true)
        item.write(to: &text, indent: 1)
        print(text, terminator: "")
        first = false
    }
    print(first ? "[]" : "\n]")
}

// MARK: events

struct Events: ParsableCommand {
    static let configuration = CommandConfiguration(abstract: "List events in date order, background included.")
    @OptionGroup var common: CommonOptions
    @Option(help: ArgumentHelp("Only events this person takes part in (id, name or unique prefix).", valueName: "name"), completion: Findable.person.completion) var person: String?
    @Option(help: ArgumentHelp("Only events that change this measure.", valueName: "id"), completion: Findable.measure.completion) var measure: String?
    @Option(help: ArgumentHelp("Only events that cite this source.", valueName: "id"), completion: Findable.source.completion) var source: String?
    @OptionGroup var dates: DateRangeOptions
    @Option(help: ArgumentHelp("Only events matching every term, as the browser's f takes them: person:ID measure:ID source:ID from:DATE to:DATE starred unsourced, and words.", valueName: "terms"))
    var filter: String?
    @Flag(help: "Only the events you starred in the browser.") var starred = false
    @Option(help: ArgumentHelp("Only events in this group (a TimelineJS lane), any case.", valueName: "group")) var group: String?

    func run() throws {
        var eventFilter = EventFilter(from: try dates.fromDate, to: try dates.toDate)
        let t = try common.timeline()
        if let person { eventFilter.person = try choose(.person, person, in: t) }
        if let measure { eventFilter.measure = try choose(.measure, measure, in: t) }
        if let source { eventFilter.source = try choose(.source, source, in: t) }
        var selected = t.events(matching: eventFilter)
        if let group {
            guard let name = t.group(named: group) else {
                writeError(t.groups.isEmpty ? "tl: the timeline has no groups"
                           : "tl: no group is called \"\(Plain.clean(group))\"; the groups are " + t.groups.map { "\"\(Plain.clean($0))\"" }.joined(separator: ", "))
                throw Status.notFound
            }
            selected = selected.filter { t.events[$0].group == name }
        }
        let marks = starred || filter?.contains("starred") == true ? StateStore(t.title, dataPath: common.data).load().marks : Marks()
        if starred { selected = selected.filter { marks.starred.contains(t.events[$0].id) } }
        if let filter {
            switch FilterQuery.parse(filter, in: t) {
            case .failure(let problem):
                writeError("tl events: --filter \"\(Plain.clean(problem.term))\": \(Plain.clean(problem.message))")
                throw Status.usage
            case .success(let query):
                let passing = Set(query.events(in: t, starred: marks.starred, index: SearchIndex(t)))
                selected = selected.filter(passing.contains)
            }
        }
        if common.json {
            printJSONArray(selected.lazy.map { t.json(event: $0) })
            return
        }
        // (A timeline from TimelineJS has no sources to count, and may have groups to show.)
        printEventTable(t, selected, sources: !t.sources.isEmpty, groups: !t.groups.isEmpty)
    }
}

/// The one event table `tl events` and `tl person` share; `part` adds a person's part under each
/// title. Rows are printed as they are formatted, so a long timeline starts appearing at once:
/// the column widths need only the ids, not the formatted rows.
func printEventTable(_ t: Timeline, _ events: [Int], indent: String = "", sources: Bool = false, groups: Bool = false, part: ((Int) -> String?)? = nil) {
    guard !events.isEmpty else { print(indent + "No events match."); return }
    let idWidth = events.reduce(5) { max($0, TerminalText.displayWidth(Plain.clean(t.events[$1].id))) }
    let groupWidth = groups ? min(20, t.groups.reduce(5) { max($0, TerminalText.displayWidth(Plain.clean($1))) }) : 0
    let layout = Plain.TableLayout(cellWidths: [[17, idWidth] + (sources ? [3] : []) + (groups ? [groupWidth] : []) + [0]], ids: [1], width: Plain.width - indent.count)
    for line in layout.lines(of: ["DATE", "EVENT"] + (sources ? ["SRC"] : []) + (groups ? ["GROUP"] : []) + ["TITLE"]) { print(indent + line) }
    var background = false
    for e in events {
        let event = t.events[e]
        background = background || event.background
        let row = [event.date.date.compact + (event.background ? " *" : ""), event.id] + (sources ? [String(t.sourcing(of: e).sources.count)] : [])
            + (groups ? [event.group ?? ""] : []) + [event.title]
        for line in layout.lines(of: row, notes: part?(e).map { ["→ " + $0] } ?? []) { print(indent + line) }
    }
    if background { Plain.print([""] + Plain.paragraph("* " + t.backgroundHeading, indent: indent.count)) }
    if sources { Plain.print(Plain.paragraph("SRC: how many sources the event's passages come from (1: not corroborated).", indent: indent.count)) }
}

// MARK: show

struct Show: ParsableCommand {
    static let configuration = CommandConfiguration(abstract: "Everything behind one event: date and its derivation, people, measures, quotes.")
    @OptionGroup var common: CommonOptions
    @Argument(help: ArgumentHelp("Event id or unique prefix of an id or title.", valueName: "event"), completion: Findable.event.completion) var event: String
    @Flag(help: "Compare the event's sources: which supports each claim, and the passages each gives.") var compare = false

    func run() throws {
        let t = try common.timeline()
        let e = try choose(.event, event, in: t)
        if compare {
            if common.json { printJSON(t.json(sourcing: e)); return }
            Plain.print(comparison(t, e))
            return
        }
        if common.json { printJSON(t.json(event: e)); return }
        let ev = t.events[e]
        var lines = Plain.heading(ev.title) + Plain.heading(ev.id) + (ev.background ? Plain.heading(t.backgroundHeading) : []) + [""]
        lines += ["Date"] + t.dateLines(of: ev).flatMap { Plain.paragraph($0) }
        if let group = ev.group { lines += ["", "Group"] + Plain.paragraph(group) }
        if !ev.summary.isEmpty { lines += ["", "Summary"] + Plain.paragraphs(ev.summary) }
        if let media = ev.media { lines += ["", "Media"] + media.lines.flatMap { Plain.paragraph($0) } }
        if !ev.participants.isEmpty {
            lines += ["", "People"]
            lines += Plain.table(ev.participants.map { p in
                [t.person(p.person)?.name ?? p.person, p.role, p.part]
            }, width: Plain.width - 2).map { "  " + $0 }
        }
        if !t.changesOfEvent[e].isEmpty {
            lines += ["", "Measures"]
            for ref in t.changesOfEvent[e] {
                let measure = t.measures[ref.measure]
                let change = measure.changes[ref.change]
                lines += Plain.paragraph("\(measure.name) (\(measure.id)): \(change.status.rawValue)" + (change.note.map { " — \($0)" } ?? ""))
                lines += Plain.quoted(change.quote.text, indent: 6)
            }
        }
        lines += ["", "Quotes"]
        if ev.quotes.isEmpty { lines += Plain.paragraph("None yet: the event rests on no passage of a source.") }
        for (i, quote) in ev.quotes.enumerated() {
            lines += Plain.paragraph(t.quoteLabel(quote, number: i + 1))
            lines += Plain.quoted(quote.text, indent: 6)
        }
        Plain.print(lines)
    }
}

// MARK: people

struct People: ParsableCommand {
    static let configuration = CommandConfiguration(abstract: "List the people in the timeline with their roles.")
    @OptionGroup var common: CommonOptions

    func run() throws {
        let t = try common.timeline()
        if common.json { printJSON(.array(t.people.indices.map { t.json(person: $0, withEvents: false) })); return }
        Plain.print(Plain.table(t.people.indices.map { p in
            let person = t.people[p]
            return [person.id, person.name, person.country ?? "—", String(t.eventsOfPerson[p].count), person.roles.map(\.title).joined(separator: "; ")]
        }, header: ["ID", "NAME", "COUNTRY", "EVENTS", "ROLES"], ids: [0]))
    }
}

struct PersonCommand: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "person", abstract: "A person's roles and every event they take part in, in date order.")
    @OptionGroup var common: CommonOptions
    @Argument(help: ArgumentHelp("Id, full name, short name or a unique prefix, any case.", valueName: "name"), completion: Findable.person.completion) var name: String

    func run() throws {
        let t = try common.timeline()
        let p = try choose(.person, name, in: t)
        if common.json { printJSON(t.json(person: p, withEvents: true)); return }
        let person = t.people[p]
        var lines = Plain.heading(person.name)
        lines += Plain.heading([person.id, person.country, person.alsoKnownAs].compactMap { $0 }.joined(separator: " · "))
        lines += ["", "Roles"]
        for role in person.roles {
            lines += Plain.paragraph("\(role.title) — \(t.sourceLabel(role.quote.source))")
            lines += Plain.quoted(role.quote.text, indent: 6)
        }
        lines += ["", "Events (\(t.eventsOfPerson[p].count))"]
        Plain.print(lines)
        printEventTable(t, Array(t.eventsOfPerson[p]), indent: "  ") { e in
            t.events[e].participants.first { $0.person == person.id }?.part
        }
    }
}

// MARK: measures

/// `--as-of DATE`: a measure's status in force on a date.
struct AsOfOption: ParsableArguments {
    @Option(name: .customLong("as-of"), help: ArgumentHelp("Each measure's status in force on this date, and whether the sources' dates make it certain.", valueName: "date"))
    var asOf: String?

    var date: TimelineDate? { get throws { try DateRangeOptions.parse(asOf, name: "as-of") } }

    func validate() throws { _ = try date }
}

/// "as of Tue 9 Jul 2019: eased (certain, since ross-huawei-licences)".
func asOfText(_ t: Timeline, _ m: Int, _ date: TimelineDate) -> String {
    let state = t.status(of: m, asOf: date)
    guard let status = state.status, let c = state.change else { return "as of \(date.readable): no change yet" }
    return "as of \(date.readable): \(status.rawValue) (\(state.certain ? "certain" : "uncertain"), since \(t.measures[m].changes[c].event))"
}

struct Measures: ParsableCommand {
    static let configuration = CommandConfiguration(abstract: "List the measures (tariffs, export controls, licences, exemptions, purchases).")
    @OptionGroup var common: CommonOptions
    @OptionGroup var asOf: AsOfOption

    func run() throws {
        let date = try asOf.date
        let t = try common.timeline()
        if common.json { printJSON(.array(t.measures.indices.map { t.json(measure: $0, asOf: date) })); return }
        if let date {
            Plain.print(Plain.table(t.measures.indices.map { m in
                let state = t.status(of: m, asOf: date)
                return [t.measures[m].id, state.status?.rawValue ?? "—", state.status == nil ? "" : state.certain ? "certain" : "uncertain", t.measures[m].name]
            }, header: ["ID", "STATUS", "", "NAME (as of \(date.readable))"], ids: [0]))
            return
        }
        Plain.print(Plain.table(t.measures.map { m in
            let history = m.changes.map(\.status.rawValue).joined(separator: " → ")
            return [m.id, m.kind.rawValue, m.name + (history.isEmpty ? "" : " (\(history))")]
        }, header: ["ID", "KIND", "NAME (CHANGES)"], ids: [0]))
    }
}

struct MeasureCommand: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "measure", abstract: "A measure and its changes over time.")
    @OptionGroup var common: CommonOptions
    @Argument(help: ArgumentHelp("Measure id or a unique prefix of its id or name.", valueName: "id"), completion: Findable.measure.completion) var id: String
    @OptionGroup var asOf: AsOfOption

    func run() throws {
        let date = try asOf.date
        let t = try common.timeline()
        let m = try choose(.measure, id, in: t)
        if common.json { printJSON(t.json(measure: m, asOf: date)); return }
        let measure = t.measures[m]
        var lines = Plain.heading(measure.name) + Plain.heading("\(measure.id) · \(measure.kind.rawValue)") + [""]
        if let date { lines += Plain.paragraph(asOfText(t, m, date).prefix(1).uppercased() + asOfText(t, m, date).dropFirst(), indent: 0) + [""] }
        let covers = measure.covers.stated.map { [$0.aspect.label, $0.value] }
        if !covers.isEmpty { lines += ["Covers"] + Plain.table(covers, width: Plain.width - 2).map { "  " + $0 } + [""] }
        if !measure.quotes.isEmpty {
            lines += ["Sources"]
            for quote in measure.quotes {
                lines += Plain.paragraph(t.sourceLabel(quote.source))
                lines += Plain.quoted(quote.text, indent: 6)
            }
            lines.append("")
        }
        lines += ["Changes"]
        lines += Plain.table(measure.changes.map { change in
            [t.event(change.event)?.date.date.compact ?? "", change.status.rawValue, change.event]
        }, notes: measure.changes.map { change in
            [(t.event(change.event)?.title ?? "") + (change.note.map { " — \($0)" } ?? ""), Wording.quoted(change.quote.text)]
        }, ids: [2], width: Plain.width - 2).map { "  " + $0 }
        Plain.print(lines)
    }
}

// MARK: sources

struct Sources: ParsableCommand {
    static let configuration = CommandConfiguration(abstract: "List the sources with their metadata and how much of each the timeline cites.")
    @OptionGroup var common: CommonOptions

    func run() throws {
        let t = try common.timeline()
        if common.json { printJSON(.array(t.sources.indices.map { t.json(source: $0, withText: false) })); return }
        Plain.print(Plain.table(t.sources.indices.map { s in
            let source = t.sources[s]
            let date = source.published.date.compact + (source.published.stated ? "" : "?")
            return [source.id, source.kind.rawValue, date, Plain.percent(t.citedLength(of: s), of: source.text.unicodeScalars.count),
                    String(t.uncitedSpans(of: s).count), "\(source.outlet): \(source.title)"]
        }, header: ["ID", "KIND", "DATE", "CITED", "UNCITED", "OUTLET: TITLE"], ids: [0]))
        Plain.print([""] + Plain.paragraph("CITED: the share of the text's characters inside a cited passage. UNCITED: the stretches of "
                                           + "its sentences that no passage cites (`tl source ID` lists them).", indent: 0))
    }
}

struct SourceCommand: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "source", abstract: "A source's metadata, full text, the passages the timeline cites and those it does not, with offsets.")
    @OptionGroup var common: CommonOptions
    @Argument(help: ArgumentHelp("Source id or a unique prefix of its id or outlet.", valueName: "id"), completion: Findable.source.completion) var id: String

    func run() throws {
        let t = try common.timeline()
        let s = try choose(.source, id, in: t)
        if common.json { printJSON(t.json(source: s, withText: true)); return }
        let source = t.sources[s]
        let published = source.published.label + (source.published.reason.map { ": " + $0 } ?? "")
        var lines = Plain.heading(source.title) + [""]
        lines += Plain.table([["Id", source.id], ["Outlet", source.outlet], ["Author", source.author ?? "not given"],
                              ["Kind", source.kind.rawValue], ["Published", published]] + (source.note.map { [["Note", $0]] } ?? []) + [["File", source.file],
                              ["Cited", "\(Wording.grouped(t.citedLength(of: s))) of \(Wording.counted(source.text.unicodeScalars.count, "character")) (\(Plain.percent(t.citedLength(of: s), of: source.text.unicodeScalars.count)))"]])
        lines += ["", "Text", ""]
        lines += TerminalText.sanitize(source.text, multiline: true).split(separator: "\n", omittingEmptySubsequences: false)
            .flatMap { TerminalText.wrap(String($0), width: Plain.width - 2).map { "  " + $0 } }
        lines += ["", "Cited passages (\(t.citationsOfSource[s].count))"]
        for citation in t.citationsOfSource[s] {
            lines += Plain.paragraph("\(citation.quote.start)–\(citation.quote.end) · \(t.label(of: citation.use))")
            lines += Plain.quoted(citation.quote.text, indent: 6)
        }
        let uncited = t.uncitedSpans(of: s)
        let scalars = ScalarOffsets(source.text)
        lines += ["", "Not cited (\(uncited.count))"]
        for span in uncited {
            lines += Plain.paragraph("\(span.lowerBound)–\(span.upperBound)")
            lines += Plain.quoted(scalars[span], indent: 6)
        }
        Plain.print(lines)
    }
}

// MARK: search

struct Search: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Search titles, summaries, names, roles, parts, measures and quotes (smart case).",
        discussion: """
            With several words, an event is found when every word is somewhere in it; quote a \
            phrase ("American products") to find it as written. Each word is case-insensitive \
            unless it has an upper-case letter. Exits 3 when nothing matches.
            """)
    @OptionGroup var common: CommonOptions
    @Argument(help: ArgumentHelp("Words to find; an event must hold every one.", valueName: "word")) var words: [String]

    /// The most of a field shown around its match, in cells: titles, names and most summaries
    /// whole, a few lines of a long quote.
    static let snippetCells = 160

    func validate() throws {
        if words.isEmpty || words.contains(where: { $0.allSatisfy(\.isWhitespace) }) {
            throw ValidationError("the search is empty: give one or more words to find")
        }
    }

    func run() throws {
        let t = try common.timeline()
        let hits = t.search(allOf: words.map(SearchQuery.init))
        if common.json {
            printJSON(.array(hits.map { hit in
                .object([("event", .string(t.events[hit.event].id)), ("date", .string(t.events[hit.event].date.date.iso)),
                         ("field", .string(hit.field.description)), ("text", .string(hit.text)),
                         ("match", .string(String(hit.text[hit.range])))])
            }))
        } else if hits.isEmpty {
            writeError("tl: nothing matches " + words.map { "\"\(Plain.clean($0))\"" }.joined(separator: " and "))
        } else {
            Plain.print(Plain.table(hits.map { hit in
                [t.events[hit.event].id, hit.field.description, Search.snippet(hit, cells: Search.snippetCells)]
            }, header: ["EVENT", "FIELD", "MATCH"], ids: [0]))
        }
        if hits.isEmpty { throw Status.notFound }
    }

    /// The match with as much of its field around it as fits in `cells` (sanitised cells),
    /// cut at spaces, with "…" where the field goes on.
    static func snippet(_ hit: SearchHit, cells: Int) -> String {
        let characters = Array(hit.text)
        let widths = characters.map { TerminalText.displayWidth(Plain.clean(String($0))) }
        let matchStart = hit.text.distance(from: hit.text.startIndex, to: hit.range.lowerBound)
        let matchEnd = matchStart + hit.text[hit.range].count
        var start = matchStart, end = matchEnd
        var room = cells - widths[matchStart..<matchEnd].reduce(0, +)
        // Half the room before the match, the rest after it, and whatever one side leaves to the other.
        func grow(left: Bool, within budget: Int) {
            var spent = 0
            if left {
                while start > 0, spent + widths[start - 1] <= budget { start -= 1; spent += widths[start] }
            } else {
                while end < characters.count, spent + widths[end] <= budget { spent += widths[end]; end += 1 }
            }
            room -= spent
        }
        grow(left: true, within: room / 2)
        grow(left: false, within: room)
        grow(left: true, within: room)
        if start > 0, let space = characters[start..<matchStart].firstIndex(of: " ") { start = space + 1 }
        if end < characters.count, let space = characters[matchEnd..<end].lastIndex(of: " ") { end = space }
        return (start > 0 ? "…" : "") + String(characters[start..<end]) + (end < characters.count ? "…" : "")
    }
}

// MARK: check

struct Check: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Validate a timeline and report every problem with its place.",
        discussion: """
            Errors stop the timeline loading (exit 1); warnings, printed after them, do not \
            (exit 0 when there are only warnings).
            """)
    @OptionGroup var common: CommonOptions
    @Flag(help: "Check again on every save of the timeline or a source, printing each result (Ctrl-C stops).") var watch = false

    func run() throws {
        guard watch else { return try checkOnce() }
        guard let data = common.data else { throw ValidationError("--watch needs --data: the bundled timeline never changes") }
        let files = TimelineFiles.disk(data, mapping: false)
        // The files to watch: the timeline's, and its sources' as of the last time it loaded.
        var paths = [files.displayPath(files.mainFile)]
        while true {
            do { try checkOnce() } catch {}
            if case .success(let t) = TimelineLoader.load(files) { paths = TimelinePaths(files, t).all }
            print("— watching \(Wording.counted(paths.count, "file")) for changes; Ctrl-C stops —")
            fflush(nil)
            let watcher = FileWatcher(paths: paths)
            repeat {
                Thread.sleep(forTimeInterval: 0.05)
                watcher.check()
            } while !watcher.takeSettledChange()
            print("")
        }
    }

    func checkOnce() throws {
        // Read, never mapped: with --watch the files change under it.
        let files = common.data.map { TimelineFiles.disk($0, mapping: !watch) } ?? .bundled
        let name = files.displayPath(files.mainFile)
        // A store up to date with the timeline was checked when it was built.
        var storeNotice: String?
        let loaded: Result<Timeline, TimelineLoadError>
        switch watch ? .files(files, notice: nil) : try OpenedData.open(common.data, format: common.format.format) {
        case .store(let storage, let notice):
            storeNotice = notice
            loaded = .success(storage.timeline())
        case .files:
            loaded = loadForTheProcess(files, format: common.format.format)
        }
        switch loaded {
        case .failure(let error):
            if common.json {
                printJSON(.object([("ok", .bool(false)), ("file", .string(name)), ("problems", .array(error.diagnostics.map(\.json))),
                                   ("warnings", .array(error.warnings.map(\.json)))]))
            } else {
                for d in error.diagnostics + error.warnings { print(TerminalText.sanitize(d.description)) }
                let warnings = error.warnings.isEmpty ? "" : " and " + Wording.counted(error.warnings.count, "warning")
                print("\(Wording.counted(error.diagnostics.count, "problem"))\(warnings) in \(Plain.clean(name))")
            }
            throw Status.dataError
        case .success(let t):
            let quotes = t.sources.indices.reduce(0) { $0 + t.citationsOfSource[$1].count }
            if common.json {
                printJSON(.object([("ok", .bool(true)), ("file", .string(name)), ("events", .int(t.events.count)), ("people", .int(t.people.count)),
                                   ("measures", .int(t.measures.count)), ("sources", .int(t.sources.count)), ("quotes", .int(quotes)),
                                   ("coverage", .array(t.sources.indices.map { s in
                                       .object([("source", .string(t.sources[s].id)), ("length", .int(t.sources[s].text.unicodeScalars.count)),
                                                ("cited", .int(t.citedLength(of: s)))])
                                   })), ("format", .string(t.format.rawValue)), ("warnings", .array(t.warnings.map(\.json)))]))
                return
            }
            // Warnings come first, then the verdict that they do not fail.
            for warning in t.warnings { print(TerminalText.sanitize(warning.description)) }
            print("\(Plain.clean(name)): OK" + (t.format == .tl ? "" : " (\(t.format.name))")
                  + (t.warnings.isEmpty ? "" : ", with \(Wording.counted(t.warnings.count, "warning"))"))
            print("\(Wording.counted(t.events.count, "event")) (\(t.backgroundEventCount) background), "
                  + "\(Wording.counted(t.people.count, "person", plural: "people")), \(Wording.counted(t.measures.count, "measure")), "
                  + Wording.counted(t.sources.count, "source"))
            if let storeNotice { print(storeNotice) }
            guard !t.sources.isEmpty else {
                print(t.convertedFrom.map { "Converted from \(Plain.clean($0)): no sources yet, so no quotes." } ?? "No sources, so no quotes: the events rest on no passage yet.")
                return
            }
            print(Wording.counted(quotes, "quote") + (quotes == 1 ? ", found verbatim in its source" : ", each found verbatim in its source"))
            print("")
            Plain.print(Plain.table(t.sources.indices.map { s in
                let length = t.sources[s].text.unicodeScalars.count
                return [t.sources[s].id, "\(Wording.grouped(t.citedLength(of: s))) of \(Wording.counted(length, "character")) cited", Plain.percent(t.citedLength(of: s), of: length)]
            }, header: ["SOURCE", "CITED", "SHARE"], ids: [0]))
        }
    }
}

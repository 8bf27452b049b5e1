// The JSON contract of the plain commands (documented in docs/json.md). Objects keep their
// key order. Strings escape every scalar `TerminalText.isUnsafe` names as \uXXXX, so the output
// is lossless for a JSON reader and yet inert on a terminal.

/// A JSON value to print, objects keeping their keys in the order given.
public indirect enum JSONOut: Sendable {
    case string(String)
    case int(Int)
    case bool(Bool)
    case null
    case array([JSONOut])
    case object([(String, JSONOut)])

    /// A string, or null for nil.
    public static func optional(_ text: String?) -> JSONOut { text.map(JSONOut.string) ?? .null }

    /// Pretty-printed with two-space indentation.
    public func rendered() -> String {
        var out = ""
        write(to: &out, indent: 0)
        return out
    }

    /// Appends the value pretty-printed as it stands `indent` levels deep in a larger document
    /// (its first line not indented), for a document written in pieces.
    public func write(to out: inout String, indent: Int) {
        switch self {
        case .string(let s): JSONOut.writeString(s, to: &out)
        case .int(let n): out += String(n)
        case .bool(let b): out += b ? "true" : "false"
        case .null: out += "null"
        case .array(let items):
            guard !items.isEmpty else { out += "[]"; return }
            out += "[\n"
            for (i, item) in items.enumerated() {
                out += String(repeating: "  ", count: indent + 1)
                item.write(to: &out, indent: indent + 1)
                out += i + 1 < items.count ? ",\n" : "\n"
            }
            out += String(repeating: "  ", count: indent) + "]"
        case .object(let members):
            guard !members.isEmpty else { out += "{}"; return }
            out += "{\n"
            for (i, (key, value)) in members.enumerated() {
                out += String(repeating: "  ", count: indent + 1)
                JSONOut.writeString(key, to: &out)
                out += ": "
                value.write(to: &out, indent: indent + 1)
                out += i + 1 < members.count ? ",\n" : "\n"
            }
            out += String(repeating: "  ", count: indent) + "}"
        }
    }

    /// `s` as it stands between the quotation marks of a JSON string: `"` and `\` escaped,
    /// and every control character and bidi control as `\uXXXX`.
    public static func escaped(_ s: String) -> String {
        var out = ""
        writeString(s, to: &out)
        return String(out.dropFirst().dropLast())
    }

    static func writeString(_ s: String, to out: inout String) {
        out += "\""
        for scalar in s.unicodeScalars {
            switch scalar {
            case "\"": out += "\\\""
            case "\\": out += "\\\\"
            case "\n": out += "\\n"
            case "\t": out += "\\t"
            case "\r": out += "\\r"
            default:
                if TerminalText.isUnsafe(scalar) {
                    let hex = String(scalar.value, radix: 16)
                    out += "\\u" + String(repeating: "0", count: 4 - hex.count) + hex
                } else {
                    out.unicodeScalars.append(scalar)
                }
            }
        }
        out += "\""
    }
}

extension Timeline {
    /// A quote: source, text, prefix and suffix when given, start and end offsets.
    public func json(quote: Quote) -> JSONOut {
        var members: [(String, JSONOut)] = [("source", .string(quote.source)), ("text", .string(quote.text))]
        if let prefix = quote.prefix { members.append(("prefix", .string(prefix))) }
        if let suffix = quote.suffix { members.append(("suffix", .string(suffix))) }
        members += [("start", .int(quote.start)), ("end", .int(quote.end))]
        return .object(members)
    }

    /// A date with its precision and time of day: `{ date, precision, time }`; `precision` is
    /// the date's (`time`, when not null, is as precise as its form).
    public func json(moment: Moment) -> JSONOut {
        .object([("date", .string(moment.date.iso)), ("precision", .string(moment.date.precision.rawValue)), ("time", .optional(moment.time?.iso))])
    }

    /// Media: `{ url, caption, credit, thumbnail }`.
    public func json(media: Media) -> JSONOut {
        .object([("url", .string(media.url)), ("caption", .optional(media.caption)), ("credit", .optional(media.credit)),
                 ("thumbnail", .optional(media.thumbnail))])
    }

    /// An era: `{ name, start, end, events }`, `start` and `end` as `json(moment:)`, `events`
    /// the ids of the events within it.
    public func json(era: Era) -> JSONOut {
        .object([("name", .string(era.name)), ("start", json(moment: era.start)), ("end", json(moment: era.end)),
                 ("events", .array(events(during: era).map { .string(events[$0].id) }))])
    }

    /// How a date was worked out: phrase, source, anchor, note and the phrase's quote.
    public func json(derivation: DateDerivation) -> JSONOut {
        .object([
            ("phrase", .string(derivation.phrase)),
            ("source", .string(derivation.source)),
            ("anchor", .string(derivation.anchor.iso)),
            ("note", .optional(derivation.note)),
            ("quote", json(quote: derivation.quote)),
        ])
    }

    /// Event `e` with its date, derivation, people, measure changes and quotes (docs/json.md).
    public func json(event e: Int) -> JSONOut {
        let event = events[e]
        let people: [JSONOut] = event.participants.map { participant in
            .object([
                ("id", .string(participant.person)),
                ("name", .optional(person(participant.person)?.name)),
                ("role", .string(participant.role)),
                ("part", .string(participant.part)),
            ])
        }
        let measureChanges: [JSONOut] = changesOfEvent[e].map { ref in
            let measure = measures[ref.measure]
            let change = measure.changes[ref.change]
            return .object([
                ("id", .string(measure.id)),
                ("name", .string(measure.name)),
                ("change", .string(change.status.rawValue)),
                ("note", .optional(change.note)),
                ("quote", json(quote: change.quote)),
            ])
        }
        return .object([
            ("id", .string(event.id)),
            ("date", .string(event.date.date.iso)),
            ("precision", .string(event.date.date.precision.rawValue)),
            ("derivedFrom", event.date.derivation.map { json(derivation: $0) } ?? .null),
            ("title", .string(event.title)),
            ("summary", .string(event.summary)),
            ("background", .bool(event.background)),
            ("time", .optional(event.time?.iso)),
            ("end", event.end.map(json(moment:)) ?? .null),
            ("displayDate", .optional(event.displayDate)),
            ("group", .optional(event.group)),
            ("media", event.media.map(json(media:)) ?? .null),
            ("people", .array(people)),
            ("measures", .array(measureChanges)),
            ("quotes", .array(event.quotes.map { json(quote: $0) })),
            ("sources", .array(sourcing(of: e).sources.map(JSONOut.string))),
            ("corroborated", .bool(sourcing(of: e).corroborated)),
        ])
    }

    /// Person `p` with their roles, and either their events (`withEvents`) or how many there are.
    public func json(person p: Int, withEvents: Bool) -> JSONOut {
        let person = people[p]
        var members: [(String, JSONOut)] = [
            ("id", .string(person.id)),
            ("name", .string(person.name)),
            ("shortNames", .array(person.shortNames.map(JSONOut.string))),
            ("country", .optional(person.country)),
            ("roles", .array(person.roles.map { .object([("title", .string($0.title)), ("quote", json(quote: $0.quote))]) })),
        ]
        if withEvents {
            members.append(("events", .array(eventsOfPerson[p].map { e in
                guard case .object(var fields) = json(event: e) else { return json(event: e) }
                // The person's own part, so a reader of the trail need not search the people array.
                if let participant = events[e].participants.first(where: { $0.person == person.id }) {
                    fields.insert(("part", .string(participant.part)), at: 1)
                }
                return .object(fields)
            })))
        } else {
            members.append(("eventCount", .int(eventsOfPerson[p].count)))
        }
        return .object(members)
    }

    /// Measure `m` with its coverage, quotes and changes.
    /// Measure `m`, and with `asOf` its status in force on that date.
    public func json(measure m: Int, asOf: TimelineDate? = nil) -> JSONOut {
        let measure = measures[m]
        var members: [(String, JSONOut)] = [
            ("id", .string(measure.id)),
            ("name", .string(measure.name)),
            ("kind", .string(measure.kind.rawValue)),
            ("covers", .object(Coverage.Aspect.allCases.map { ($0.rawValue, .optional(measure.covers[$0])) })),
            ("quotes", .array(measure.quotes.map { json(quote: $0) })),
            ("changes", .array(measure.changes.map { change in
                let event = self.event(change.event)
                return .object([
                    ("event", .string(change.event)),
                    ("date", .optional(event?.date.date.iso)),
                    ("precision", .optional(event?.date.date.precision.rawValue)),
                    ("status", .string(change.status.rawValue)),
                    ("note", .optional(change.note)),
                    ("quote", json(quote: change.quote)),
                ])
            })),
        ]
        if let asOf {
            let state = status(of: m, asOf: asOf)
            let change: JSONOut = state.change.map { c in
                let id = measure.changes[c].event
                return .object([("event", .string(id)), ("date", .optional(event(id)?.date.date.iso)), ("precision", .optional(event(id)?.date.date.precision.rawValue))])
            } ?? .null
            members.append(("asOf", .object([("date", .string(asOf.iso)), ("status", .optional(state.status?.rawValue)), ("certain", .bool(state.certain)), ("change", change)])))
        }
        return .object(members)
    }

    /// Source `s`'s metadata, citation coverage and number of uncited spans, and with `withText`
    /// its text, every passage cited from it and every span of it not cited (`uncitedSpans(of:)`).
    public func json(source s: Int, withText: Bool) -> JSONOut {
        let source = sources[s]
        var members: [(String, JSONOut)] = [
            ("id", .string(source.id)),
            ("outlet", .string(source.outlet)),
            ("title", .string(source.title)),
            ("author", .optional(source.author)),
            ("kind", .string(source.kind.rawValue)),
            ("published", .object([
                ("stated", .bool(source.published.stated)),
                ("date", .string(source.published.date.iso)),
                ("precision", .string(source.published.date.precision.rawValue)),
                ("time", .optional(source.published.time)),
                ("timezone", .optional(source.published.timeZone)),
                ("reason", .optional(source.published.reason)),
            ])),
            ("note", .optional(source.note)),
            ("file", .string(source.file)),
            ("length", .int(source.text.unicodeScalars.count)),
            ("citedLength", .int(citedLength(of: s))),
        ]
        let uncited = uncitedSpans(of: s)
        members.append(("uncitedSpans", .int(uncited.count)))
        if withText {
            members.append(("text", .string(source.text)))
            members.append(("citations", .array(citationsOfSource[s].map { citation in
                guard case .object(var fields) = json(quote: citation.quote) else { return .null }
                fields.append(("usedBy", json(use: citation.use)))
                return .object(fields)
            })))
            let scalars = ScalarOffsets(source.text)
            members.append(("uncited", .array(uncited.map { span in
                .object([("start", .int(span.lowerBound)), ("end", .int(span.upperBound)), ("text", .string(scalars[span]))])
            })))
        }
        return .object(members)
    }

    /// What a cited passage is used for: its `kind` (`QuoteUse.kind`) and the ids it names.
    public func json(use: QuoteUse) -> JSONOut {
        let kind: (String, JSONOut) = ("kind", .string(use.kind))
        return switch use {
        case .event(let e), .dateDerivation(let e): .object([kind, ("event", .string(events[e].id))])
        case .role(let p, let r): .object([kind, ("person", .string(people[p].id)), ("role", .string(people[p].roles[r].title))])
        case .measure(let m): .object([kind, ("measure", .string(measures[m].id))])
        case .change(let m, let c): .object([kind, ("measure", .string(measures[m].id)), ("event", .string(measures[m].changes[c].event))])
        }
    }

    /// How many scalars of a source's text at least one citation covers.
    public func citedLength(of s: Int) -> Int {
        var covered = 0
        var reach = 0
        for citation in citationsOfSource[s] {
            let start = max(citation.quote.start, reach)
            if citation.quote.end > start { covered += citation.quote.end - start }
            reach = max(reach, citation.quote.end)
        }
        return covered
    }
}

extension Timeline {
    /// Event `e`'s sources side by side: each source's passages, and each claim with the
    /// sources that support it.
    public func json(sourcing e: Int) -> JSONOut {
        let sourcing = sourcing(of: e)
        let claims: [JSONOut] = sourcing.claims.map { claim in
            let subject: [(String, JSONOut)] = switch claim.subject {
            case .part(let p): [("kind", .string("part")), ("person", .string(people[p].id))]
            case .change(let m, let c): [("kind", .string("change")), ("measure", .string(measures[m].id)), ("status", .string(measures[m].changes[c].status.rawValue))]
            }
            return .object(subject + [("sources", .array(claim.sources.map(JSONOut.string)))])
        }
        return .object([
            ("event", .string(events[e].id)),
            ("corroborated", .bool(sourcing.corroborated)),
            ("sources", .array(sourcing.sources.map { id in
                .object([("id", .string(id)), ("passages", .array((sourcing.passages[id] ?? []).map { json(quote: $0) }))])
            })),
            ("claims", .array(claims)),
        ])
    }
}

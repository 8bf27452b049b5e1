import TimelineModel

/// Lines of text the views share: how a source, a date and a citation's user are named.
extension Timeline {
    /// "TTNews (Author), Wed 10 Jul 2019".
    func sourceLabel(_ id: String) -> String {
        guard let source = source(id) else { return id }
        var label = source.outlet
        if let author = source.author { label += " (\(author))" }
        label += ", " + source.published.date.compact + (source.published.stated ? "" : " (date inferred)")
        return label
    }

    /// A date with its precision and, for one worked out from a phrase, where it came from.
    func dateLine(_ event: Event) -> String {
        let date = event.date.date
        var text = date.readable
        if date.precision != .day { text += " (\(date.precision.rawValue) precision)" }
        if let derivation = event.date.derivation {
            let outlet = source(derivation.source)?.outlet ?? derivation.source
            text += " · from “\(derivation.phrase)” in \(outlet), resolved against \(derivation.anchor.readable)"
        }
        return text
    }

    /// What cites a passage: "event g20-truce", "role of Larry Kudlow".
    func citedBy(_ use: QuoteUse) -> String {
        switch use {
        case .event(let e), .dateDerivation(let e): "event " + events[e].id
        case .role(let p, _): "role of " + people[p].name
        case .measure(let m): "measure " + measures[m].id
        case .change(let m, let c): "change in " + measures[m].changes[c].event
        }
    }

    /// Where Enter on a quote goes: its passage in the source's reader.
    func citationTarget(_ quote: Quote, use: QuoteUse?) -> ItemTarget? {
        guard let s = sourceIndex[quote.source] else { return nil }
        let citations = citationsOfSource[s]
        let index = citations.firstIndex { $0.quote == quote && (use == nil || $0.use == use) }
            ?? citations.firstIndex { $0.quote.start == quote.start && $0.quote.end == quote.end }
        return index.map { .citation(source: s, index: $0) }
    }
}

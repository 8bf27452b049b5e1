import TimelineModel

/// Lines the views share beyond the model's own wording (TimelineModel's Wording.swift).
extension Timeline {
    /// "As of Tue 9 Jul 2019: eased (uncertain: its week runs past the date)".
    func asOfLine(_ m: Int, _ date: TimelineDate) -> String {
        let state = status(of: m, asOf: date)
        guard let status = state.status, let c = state.change else { return "As of \(date.readable): no change yet" }
        let event = measures[m].changes[c].event
        return "As of \(date.readable): \(status.rawValue)" + (state.certain ? "" : " (uncertain: \(event)'s date may fall after it)")
    }

    /// Where Enter on a quote goes: its passage in the source's reader.
    func citationTarget(_ quote: Quote, use: QuoteUse?) -> ItemTarget? {
        guard let s = sourceIndex[quote.source] else { return nil }
        // A store finds it by its place: reading every citation of the source reads the items citing it.
        if let storage {
            return storage.citation(inSource: s, start: quote.start, end: quote.end, use: use).map { .citation(source: s, index: $0) }
        }
        let citations = citationsOfSource[s]
        let index = citations.firstIndex { $0.quote == quote && (use == nil || $0.use == use) }
            ?? citations.firstIndex { $0.quote.start == quote.start && $0.quote.end == quote.end }
        return index.map { .citation(source: s, index: $0) }
    }
}

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
    func passageTarget(_ quote: Quote, use: QuoteUse?) -> ItemTarget? {
        sourceIndex[quote.source] == nil ? nil : .passage(quote, use: use)
    }

    /// `target` with a passage found among its source's citations (the one cited for its use
    /// if there is one, else the first at its place); nil when it is not there.
    func resolved(_ target: ItemTarget) -> ItemTarget? {
        guard case .passage(let quote, let use) = target else { return target }
        guard let s = sourceIndex[quote.source] else { return nil }
        let citations = citationsOfSource[s]
        let index = citations.firstIndex { $0.quote == quote && (use == nil || $0.use == use) }
            ?? citations.firstIndex { $0.quote.start == quote.start && $0.quote.end == quote.end }
        return index.map { .citation(source: s, index: $0) }
    }
}

import TimelineModel

extension AppState {
    /// The same browser over the timeline as saved again: the selected event (by id), the view
    /// and the back stack, the search, the filter, the person followed and the as-of date, each
    /// kept where what it points at still exists. Views are made anew: what they laid out
    /// belongs to the old timeline.
    public func reloaded(_ newer: Timeline) -> AppState {
        var next = AppState(timeline: newer, size: size, mouse: mouseEnabled, keymap: keymap, marks: marks)
        next.selected = selectedEvent.flatMap { newer.eventIndex[$0.id] } ?? min(selected, max(0, newer.events.count - 1))
        next.asOf = asOf
        next.sourceQuery = sourceQuery
        next.trail = trail.flatMap { newer.personIndex[timeline.people[$0].id] }
        if let query { next.setQuery(query) }
        if let filter, case .success(let query) = FilterQuery.parse(filter.text, in: newer) { next.setFilter(query) }
        next.back = back.compactMap { location in
            carried(location.view, into: next).map { view in
                Location(view: view, selected: timeline.events.indices.contains(location.selected) ? newer.eventIndex[timeline.events[location.selected].id] ?? 0 : 0,
                         trail: location.trail.flatMap { newer.personIndex[timeline.people[$0].id] })
            }
        }
        // A view whose subject is gone (the problems view, once they are fixed) gives way to
        // the one it was opened over.
        if let view = carried(view, into: next) {
            next.view = view
        } else if let below = next.back.popLast() {
            next.view = below.view
        } else {
            next.view = TimelineView()
        }
        if overlay is HelpOverlay { next.overlay = overlay }
        next.settle()
        return next
    }

    /// A view of this timeline as the same view of `next`'s, or nil when what it shows is gone.
    private func carried(_ view: any BrowserView, into next: AppState) -> (any BrowserView)? {
        let newer = next.timeline
        switch view {
        case let timelineView as TimelineView:
            return TimelineView(focus: timelineView.focus, scroll: timelineView.scroll)
        case let involvement as InvolvementView:
            guard let p = newer.personIndex[timeline.people[involvement.person].id] else { return nil }
            var carried = InvolvementView(person: p, next)
            carried.position = involvement.position
            return carried
        case let history as MeasureHistoryView:
            guard let m = newer.measureIndex[timeline.measures[history.measure].id] else { return nil }
            var carried = MeasureHistoryView(measure: m, next)
            carried.position = history.position
            return carried
        case let reader as ReaderView:
            guard let s = newer.sourceIndex[timeline.sources[reader.source].id] else { return nil }
            return ReaderView(source: s, citation: min(reader.citation, max(0, newer.citationsOfSource[s].count - 1)), scroll: reader.scroll)
        case let compare as CompareView:
            return newer.eventIndex[timeline.events[compare.event].id].map { CompareView(event: $0) }
        default:
            // The problems view: a timeline that loads has none.
            return nil
        }
    }
}

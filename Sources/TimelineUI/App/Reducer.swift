import TimelineModel

extension AppState {
    /// Applies one input and returns what the world must do: the only way the state changes.
    @discardableResult
    public mutating func handle(_ input: Input) -> [Effect] {
        message = nil
        var effects: [Effect] = []
        switch input {
        case .resize(let newSize):
            size = newSize
        case .mouse(let button, let x, let y):
            if mouseEnabled, overlay == nil {
                var current = view
                current.click(button, x: x, y: y, &self)
                view = current
            }
        case .key(let key):
            effects = press(key)
        case .notice(let text):
            message = text
        case .loadProgress, .preview, .loaded, .loadFailed, .signal, .reloaded, .reloadFailed:
            // The program handles the load's news and signals; the state never sees them.
            break
        }
        settle()
        return effects + takeEffects()
    }

    /// A key, through the key table of the mode in force.
    mutating func press(_ key: Key) -> [Effect] {
        let table = keymap.table(mode)
        let action = table.action(for: key)
        if action == .redraw { return [.redraw] }
        if var open = overlay {
            if let action {
                let outcome = open.perform(action, &self)
                apply(outcome, from: open)
            } else if table.typing != nil, case .character(let character) = key {
                open.type(character, &self)
                overlay = open
            }
            return []
        }
        guard let action else {
            // Nothing else is drawn on a too-small terminal, so nothing else is worth a message.
            if plan.body != .tooSmall { message = "\(key.label) does nothing here · ? lists the keys" }
            return []
        }
        if let loading, !action.worksWhileLoading {
            message = "Still loading (\(Int(loading.fraction * 100))%) · \(key.label) works once every event is read and checked"
            return []
        }
        switch action {
        case .help: overlay = HelpOverlay(over: view.mode)
        case .edit:
            if let request = view.editRequest(self) { pendingEffects.append(.edit(request)) } else { message = "Nothing here to edit" }
        case .showProblems:
            if problems.isEmpty { message = "No problems: the timeline loaded as saved" } else if !(view is ProblemsView) { openTarget(.problems) }
        case .pickPerson: overlay = PeoplePicker()
        case .back: goBack()
        case .quit:
            if back.isEmpty { return [.keep(marks, place), .quit] }
            goBack()
        case .quitHere:
            return [.keep(marks, place), .quit]
        default:
            var current = view
            let outcome = current.perform(action, &self)
            view = current
            if case .open(let target) = outcome { openTarget(target) }
        }
        return []
    }

    /// Carries out what an overlay's action asked for.
    mutating func apply(_ outcome: Outcome, from open: any Overlay) {
        switch outcome {
        case .done: overlay = open
        case .close: overlay = nil
        case .open(let target):
            overlay = nil
            openTarget(target)
        }
    }

    /// Where the reader is: the selected event and the view on screen.
    var place: Place? {
        guard let event = selectedEvent else { return nil }
        let view: Place.View = switch self.view {
        case let person as InvolvementView: .person(timeline.people[person.person].id)
        case let history as MeasureHistoryView: .measure(timeline.measures[history.measure].id)
        case let reader as ReaderView: .source(timeline.sources[reader.source].id, passage: reader.citation)
        default: .timeline
        }
        return Place(event: event.id, view: view)
    }

    /// Opens where the reader was, when that event (and person, measure or source) still exists.
    public mutating func reopen(_ place: Place) {
        guard let e = timeline.eventIndex[place.event] else { return }
        selected = e
        switch place.view {
        case .timeline: break
        case .person(let id): if let p = timeline.personIndex[id] { openTarget(.person(p)) }
        case .measure(let id): if let m = timeline.measureIndex[id] { openTarget(.measure(m)) }
        case .source(let id, let passage):
            if let s = timeline.sourceIndex[id], timeline.citationsOfSource[s].indices.contains(passage) { openTarget(.citation(source: s, index: passage)) }
        }
        settle()
    }

    /// Opens a view on a target, the current one going on the back stack.
    mutating func openTarget(_ target: ItemTarget) {
        guard let target = timeline.resolved(target) else { return }
        back.append(Location(view: view, selected: selected, trail: trail))
        switch target {
        case .person(let p): view = InvolvementView(person: p, self)
        case .measure(let m): view = MeasureHistoryView(measure: m, self)
        case .citation(let s, let index): view = ReaderView(source: s, citation: index)
        case .compare(let e): view = CompareView(event: e)
        case .problems: view = ProblemsView()
        case .problem, .passage: break
        case .event(let e):
            view = TimelineView()
            if !index.isShown(e) {
                setFilter(nil)
                message = "Filter cleared to show the event"
            }
            selected = e
            if let trail, let n = timeline.eventsOfPerson[trail].sortedIndex(of: e) {
                message = "Following \(timeline.people[trail].name): event \(n + 1) of \(timeline.eventsOfPerson[trail].count) · ] next, [ previous, Esc back"
            }
        }
    }

    /// Esc: back to the view before; with nothing to go back to, the kept search is cleared (and
    /// says so), then the person followed, else the bar says how to quit.
    mutating func goBack() {
        if let last = back.popLast() {
            let reached = selected
            view = last.view
            selected = last.selected
            trail = last.trail
            var current = view
            current.returned(reached: reached, self)
            view = current
        } else if let query {
            message = "Search “\(query)” cleared · / searches again"
            setQuery(nil)
        } else if let trail {
            message = "Stopped following \(timeline.people[trail].name)"
            self.trail = nil
        } else {
            message = "Nothing to go back to · q quits"
        }
    }
}

import TimelineModel

/// The problems of the last save: each with its file, line, column and JSON path. Enter goes to
/// the item a problem concerns, `e` opens the editor at its line. The timeline behind it is the
/// last one that loaded.
struct ProblemsView: ListView {
    var mode: Mode { .problems }
    var position = ListPosition()

    func title(_ app: AppState) -> String { "Problems · \(counted(app.problems.count, "problem")) in the last save" }

    func geometry(_ app: AppState, width: Int) -> ListGeometry {
        let text = Highlighter(query: nil)
        var items = [ListItem(lines: text.wrapped("The timeline behind this list is the last one that loaded whole, or, at the start, what of the file holds together. Fix these and save, and it reloads. Enter goes to the item, e edits at the line.", .dim, width: width) + [[]], target: nil)]
        for (i, problem) in app.problems.enumerated() {
            let d = problem.diagnostic
            let place = [d.line.map { "line \($0)" }, d.column.map { "column \($0)" }, d.path].compactMap { $0 }.joined(separator: " · ")
            var lines = text.wrapped(d.file + (place.isEmpty ? "" : " · " + place), .accent, width: width)
            lines += text.wrapped(d.message, .normal, width: width, indent: 2)
            lines.append([])
            items.append(ListItem(lines: lines, target: .problem(i)))
        }
        return ListGeometry(items)
    }

    mutating func perform(_ action: Action, _ app: inout AppState) -> Outcome {
        let outcome = performListAction(action, app)
        guard case .open(.problem(let i)) = outcome else { return outcome }
        // The item the problem concerns, in the timeline that is shown, if it is there.
        let t = app.timeline
        switch app.problems[i].target {
        case .event(let id)?: if let e = t.eventIndex[id] { return .open(.event(e)) }
        case .person(let id)?: if let p = t.personIndex[id] { return .open(.person(p)) }
        case .measure(let id)?: if let m = t.measureIndex[id] { return .open(.measure(m)) }
        case .source(let id)?:
            if let s = t.sourceIndex[id], !t.citationsOfSource[s].isEmpty { return .open(.citation(source: s, index: 0)) }
        case nil: break
        }
        app.message = "That problem concerns nothing the last good timeline has · e edits at its line"
        return .done
    }

    func editRequest(_ app: AppState) -> EditRequest? {
        guard let geometry = geometry(app), case .problem(let i)? = geometry.selectedItem(position)?.target else { return nil }
        let d = app.problems[i].diagnostic
        return EditRequest(.timeline, at: .line(d.line ?? 1))
    }

    func status(_ app: AppState) -> String { counted(app.problems.count, "problem") }
}

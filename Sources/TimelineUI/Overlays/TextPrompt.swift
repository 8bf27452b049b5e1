import TimelineModel

/// A one-line prompt in the bar: a date to show the measures as of (`@`), a date to jump to
/// (`t`), a note on the event (`a`), or a filter (`f`, with completion). What is typed is used
/// on Enter; a date or filter that cannot be used keeps the prompt open and says why.
struct TextPrompt: Overlay {
    enum Purpose: Sendable, Equatable {
        case asOf, jump, filter
        case note(event: Int)
    }

    let purpose: Purpose
    private(set) var text: String
    /// Why Enter did not take the text.
    private(set) var problem: String?

    init(_ purpose: Purpose, text: String = "") {
        self.purpose = purpose
        self.text = text
    }

    var mode: Mode { purpose == .filter ? .filterPrompt : .prompt }

    var label: String {
        switch purpose {
        case .asOf: "as of: "
        case .jump: "jump to: "
        case .filter: "filter: "
        case .note: "note: "
        }
    }

    func frame(_ app: AppState) -> Rect? { nil }

    mutating func perform(_ action: Action, _ app: inout AppState) -> Outcome {
        problem = nil
        switch action {
        case .open: return use(&app)
        case .back: return .close
        case .deleteBackward:
            guard !text.isEmpty else { return .close }
            text.removeLast()
        case .clearText: text = ""
        case .complete:
            let options = FilterQuery.completions(of: text, in: app.timeline)
            guard !options.isEmpty else { problem = "nothing to complete"; return .done }
            // The longest start every option shares, or the one option with a space after it.
            var common = options[0]
            for option in options.dropFirst() { common = String(zip(common, option).prefix { $0 == $1 }.map(\.0)) }
            let words = text.split(separator: " ", omittingEmptySubsequences: false).dropLast()
            text = (words + [Substring(common)]).joined(separator: " ") + (options.count == 1 && !common.hasSuffix(":") ? " " : "")
            if options.count > 1 { problem = options.prefix(4).joined(separator: " ") + (options.count > 4 ? " …" : "") }
        default: break
        }
        return .done
    }

    mutating func type(_ character: Character, _ app: inout AppState) {
        problem = nil
        text.append(character)
    }

    /// Enter: the text put to its use, or the reason it cannot be.
    mutating func use(_ app: inout AppState) -> Outcome {
        let trimmed = String(text.drop { $0 == " " }.reversed().drop { $0 == " " }.reversed())
        switch purpose {
        case .note(let e):
            let id = app.timeline.events[e].id
            app.marks.notes[id] = trimmed.isEmpty ? nil : trimmed
            app.message = trimmed.isEmpty ? "Note removed" : "Note kept"
            app.keepMarks()
            return .close
        case .filter:
            guard !trimmed.isEmpty else {
                app.setFilter(nil)
                return .close
            }
            switch FilterQuery.parse(trimmed, in: app.timeline) {
            case .failure(let bad):
                problem = bad.message
                return .done
            case .success(let query):
                // A filter that leaves nothing to show is not taken: the prompt stays to mend it.
                guard !query.events(in: app.timeline, starred: app.marks.starred, index: app.builtSearchIndex()).isEmpty else {
                    problem = "no event matches all of that"
                    return .done
                }
                app.setFilter(query)
                return .close
            }
        case .asOf, .jump:
            guard !trimmed.isEmpty else { return .close }
            let year = app.selectedEvent?.date.date.first.year ?? 2000
            switch TimelineDate.parse(trimmed, year: year) {
            case .failure(.malformed):
                problem = "not a date: write 2019-07-09, 2019-W27, 2019-07 or 9 Jul"
                return .done
            case .failure(.impossible(let why)):
                problem = why
                return .done
            case .success(let date):
                if purpose == .asOf {
                    app.asOf = date
                    return .close
                }
                let events = app.index.shown ?? Array(app.timeline.events.indices)
                guard let e = events.first(where: { !app.timeline.events[$0].background && app.timeline.events[$0].date.date.lastDay >= date.firstDay }) else {
                    problem = "no event on or after \(date.readable)"
                    return .done
                }
                app.selected = e
                return .close
            }
        }
    }

    mutating func settle(_ app: AppState) {}

    func draw(_ buffer: inout ScreenBuffer, _ app: AppState) {}

    func bar(_ app: AppState) -> (lead: Line, status: String) {
        ([Span(label, .barKey), Span(text, .bar), Span("▏", .barKey)], problem ?? "")
    }
}

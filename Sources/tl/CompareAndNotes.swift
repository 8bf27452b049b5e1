import ArgumentParser
import TimelineModel
import TimelineUI

/// `tl show EVENT --compare`: the claims with the sources that support each, then each source's
/// passages for the event.
func comparison(_ t: Timeline, _ e: Int) -> [String] {
    let event = t.events[e]
    let sourcing = t.sourcing(of: e)
    let names = sourcing.sources.map { t.sourceWithoutText($0)?.outlet ?? $0 }
    var lines = Plain.heading(event.title) + Plain.heading(event.id) + [""]
    switch names.count {
    case 0: lines += Plain.paragraph("No source cited.", indent: 0)
    case 1: lines += Plain.paragraph("One source only: \(names[0]).", indent: 0)
    default: lines += Plain.paragraph("Corroborated: \(names.count) sources, \(names.joined(separator: ", ")).", indent: 0)
    }
    if !sourcing.claims.isEmpty {
        lines += ["", "Claims"]
        lines += Plain.table(sourcing.claims.map { claim in
            let label: String = switch claim.subject {
            case .part(let p): t.people[p].name + ": " + (event.participants.first { $0.person == t.people[p].id }?.part ?? "")
            case .change(let m, let c): t.measures[m].name + ": " + t.measures[m].changes[c].status.rawValue
            }
            return [claim.sources.isEmpty ? "none" : claim.sources.map { t.sourceWithoutText($0)?.outlet ?? $0 }.joined(separator: ", "), label]
        }, header: ["SUPPORTED BY", "CLAIM"], width: Plain.width - 2).map { "  " + $0 }
    }
    for (id, name) in zip(sourcing.sources, names) {
        lines += ["", name + " (\(id))"]
        for quote in sourcing.passages[id] ?? [] { lines += Plain.quoted(quote.text, indent: 4) }
    }
    return lines
}

struct Notes: ParsableCommand {
    static let configuration = CommandConfiguration(abstract: "The events you starred or wrote a note on in the browser.")
    @OptionGroup var common: CommonOptions

    func run() throws {
        let t = try common.timeline()
        let marks = StateStore(t.title, dataPath: common.data).load().marks
        let marked = t.events.indices.filter { marks.starred.contains(t.events[$0].id) || marks.notes[t.events[$0].id] != nil }
        if common.json {
            printJSON(.array(marked.map { e in
                let id = t.events[e].id
                return .object([("event", .string(id)), ("title", .string(t.events[e].title)), ("date", .string(t.events[e].date.date.iso)),
                                ("starred", .bool(marks.starred.contains(id))), ("note", .optional(marks.notes[id]))])
            }))
            return
        }
        guard !marked.isEmpty else { print("No starred events and no notes: m stars an event in the browser, a writes a note."); return }
        for e in marked {
            let id = t.events[e].id
            Plain.print(Plain.paragraph((marks.starred.contains(id) ? "★ " : "  ") + t.events[e].date.date.compact + "  " + id + "  " + t.events[e].title, indent: 0))
            if let note = marks.notes[id] { Plain.print(Plain.paragraph("✎ " + note, indent: 4)) }
        }
    }
}

import Foundation
import Testing
import TimelineModel
@testable import TimelineUI

let bundled = try! TimelineLoader.load(.bundled).get()
let snapshotFolder = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("Snapshots")

/// The sizes every screen is checked at.
let snapshotSizes = [Size(width: 200, height: 60), Size(width: 100, height: 30), Size(width: 80, height: 24),
                     Size(width: 60, height: 20), Size(width: 40, height: 12)]

func state(_ size: Size = Size(width: 100, height: 30), _ keys: [Key] = []) -> AppState {
    var s = AppState(timeline: bundled, size: size)
    for key in keys { s.handle(.key(key)) }
    return s
}

func keys(_ text: String) -> [Key] { text.map { .character($0) } }

extension AppState {
    /// The selected event's id.
    var selectedID: String { timeline.events[selected].id }
    /// Whether the timeline view is on screen.
    var onTimeline: Bool { view is TimelineView }
    /// The timeline view's focused pane, when it is on screen.
    var focus: Pane? { (view as? TimelineView)?.focus }
    /// The person whose involvement is on screen.
    var involvedPerson: String? { (view as? InvolvementView).map { timeline.people[$0.person].id } }
    /// The measure whose history is on screen.
    var historyMeasure: String? { (view as? MeasureHistoryView).map { timeline.measures[$0.measure].id } }
    /// The source reader's source and passage, when it is on screen.
    var reader: (source: Int, citation: Int, scroll: Int)? { (view as? ReaderView).map { ($0.source, $0.citation, $0.scroll) } }
    /// The rectangles of the wide layout's panes.
    var panes: PaneRects? { if case .panes(let rects) = plan.body { rects } else { nil } }
    /// The bar, as text.
    var barText: String { render().lines.last ?? "" }
    /// Presses keys; returns the effects of the last one.
    @discardableResult
    mutating func press(_ keys: [Key]) -> [Effect] {
        var effects: [Effect] = []
        for key in keys { effects = handle(.key(key)) }
        return effects
    }
}

/// Compares a rendered screen with `Snapshots/NAME.txt`. `UPDATE_SNAPSHOTS=1 swift test` rewrites
/// the files instead; review the diff before committing it.
func assertSnapshot(_ buffer: ScreenBuffer, named name: String, sourceLocation: SourceLocation = #_sourceLocation) {
    let file = snapshotFolder.appendingPathComponent(name + ".txt")
    let actual = buffer.snapshot
    if ProcessInfo.processInfo.environment["UPDATE_SNAPSHOTS"] == "1" {
        try? FileManager.default.createDirectory(at: snapshotFolder, withIntermediateDirectories: true)
        try? actual.write(to: file, atomically: true, encoding: .utf8)
        return
    }
    guard let expected = try? String(contentsOf: file, encoding: .utf8) else {
        Issue.record("No snapshot \(name).txt: run UPDATE_SNAPSHOTS=1 swift test and review it", sourceLocation: sourceLocation)
        return
    }
    if expected != actual {
        let diff = zip(expected.split(separator: "\n", omittingEmptySubsequences: false), actual.split(separator: "\n", omittingEmptySubsequences: false))
            .enumerated().first { $0.element.0 != $0.element.1 }
        let where_ = diff.map { "first difference at line \($0.offset + 1):\n  expected: \($0.element.0)\n  actual:   \($0.element.1)" } ?? "line counts differ"
        Issue.record("Screen differs from \(name).txt; \(where_)\nUPDATE_SNAPSHOTS=1 swift test rewrites it", sourceLocation: sourceLocation)
    }
}

/// Every row of a frame is exactly the screen's width in cells, and no cell holds unsafe text.
func expectWellFormed(_ buffer: ScreenBuffer, sourceLocation: SourceLocation = #_sourceLocation) {
    for (y, line) in buffer.lines.enumerated() {
        let width = TerminalText.displayWidth(line)
        #expect(width == buffer.size.width, "row \(y) is \(width) cells wide", sourceLocation: sourceLocation)
        #expect(!line.unicodeScalars.contains(where: TerminalText.isUnsafe), "row \(y) holds a control character", sourceLocation: sourceLocation)
    }
}

/// The README's section between `<!-- NAME:begin -->` and `<!-- NAME:end -->` is `generated`;
/// `UPDATE_SNAPSHOTS=1 swift test` rewrites it instead.
func expectReadmeSection(_ name: String, _ generated: String, sourceLocation: SourceLocation = #_sourceLocation) throws {
    let readme = snapshotFolder.deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent().appendingPathComponent("README.md")
    let text = try String(contentsOf: readme, encoding: .utf8)
    let begin = "<!-- \(name):begin -->\n", end = "<!-- \(name):end -->"
    guard let start = text.range(of: begin), let stop = text.range(of: end, range: start.upperBound..<text.endIndex) else {
        Issue.record("README.md has no \(begin.trimmingCharacters(in: .newlines)) … \(end) section", sourceLocation: sourceLocation)
        return
    }
    let current = String(text[start.upperBound..<stop.lowerBound])
    let wanted = generated + "\n"
    if ProcessInfo.processInfo.environment["UPDATE_SNAPSHOTS"] == "1" {
        if current != wanted { try (text.replacingCharacters(in: start.upperBound..<stop.lowerBound, with: wanted)).write(to: readme, atomically: true, encoding: .utf8) }
        return
    }
    #expect(current == wanted, "README.md's \(name) section differs from the key tables; UPDATE_SNAPSHOTS=1 swift test rewrites it", sourceLocation: sourceLocation)
}

/// A TimelineJS file with groups, an era, media, a span and a display date, written for these tests.
let riverTowns = try! TimelineLoader.load(.memory(["timeline.json": """
    { "title": { "text": { "headline": "River towns", "text": "<p>Floods &amp; bridges</p>" } },
      "eras": [ { "start_date": { "year": "1900" }, "end_date": { "year": "1910" }, "text": { "headline": "Flood decade" } } ],
      "events": [
        { "unique_id": "flood-1901", "start_date": { "year": 1901, "month": "03", "day": "4" }, "group": "Weather",
          "text": { "headline": "First flood", "text": "<p>Water rose.</p><p>Again.</p>" } },
        { "start_date": { "year": "1905" }, "end_date": { "year": "1907" }, "group": "Works", "text": { "headline": "Bridge built" },
          "media": { "url": "https://example.org/bridge.jpg", "caption": "The bridge", "credit": "Town archive" } },
        { "start_date": { "year": 1920, "second": "" }, "display_date": "Spring 1920", "group": "Weather", "text": { "headline": "Second flood" } }
      ] }
    """], label: "river")).get()

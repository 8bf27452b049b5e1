import Testing
import TestSupport
import TimelineModel
@testable import TimelineUI

@Suite("Any size, any key")
struct RobustnessTests {
    @Test func everySizeRendersWellFormed() {
        let screens: [[Key]] = [[], keys("p"), keys("?"), keys("/hua"), [.end, .enter, .enter], [.end, .tab, .tab, .tab, .tab, .enter]]
        for keys in screens {
            var s = state(Size(width: 100, height: 30), keys)
            for width in [0, 1, 2, 3, 5, 8, 13, 20, 31, 32, 33, 40, 59, 79, 80, 81, 120] {
                for height in [0, 1, 2, 3, 5, 7, 8, 9, 12, 19, 20, 21, 30, 45] {
                    s.handle(.resize(Size(width: width, height: height)))
                    let buffer = s.render()
                    #expect(buffer.lines.count == height)
                    expectWellFormed(buffer)
                }
            }
        }
    }

    /// A fixed-seed storm of random inputs: after each one the selection is valid, the
    /// selected event is on screen whenever the timeline pane is, and every row fits.
    @Test func randomInputStorm() {
        var generator = SplitMix64(seed: 20190629)
        let allKeys: [Key] = Keymap.standard.all.flatMap { $0.bindings.flatMap(\.keys) } + [.left, .right, .backspace, .delete, .character("x"), .character("习"), .control("n"), .control("p")]
        var s = state(Size(width: 100, height: 30))
        // The last inputs, to say how a failure came about.
        var recent: [String] = []
        for step in 0..<100_000 {
            let roll = generator.next() % 100
            if roll < 4 {
                s.handle(.resize(Size(width: Int(generator.next() % 160), height: Int(generator.next() % 50))))
            } else if roll < 10 {
                let button: MouseButton = [.left, .wheelUp, .wheelDown][Int(generator.next() % 3)]
                s.handle(.mouse(button, x: Int(generator.next() % 170), y: Int(generator.next() % 55)))
            } else {
                let key = allKeys[Int(generator.next() % UInt64(allKeys.count))]
                recent = (recent + [key.label]).suffix(12)
                if s.handle(.key(key)).last == .quit { s = state(s.size) }
            }
            #expect(s.timeline.events.indices.contains(s.selected), "step \(step)")
            let buffer = s.render()
            // Checked on the cells, not on rendered strings, to keep 100,000 steps quick.
            if s.panes != nil, s.onTimeline, s.overlay == nil {
                #expect(buffer.cells.contains { $0.text == "▶" }, "step \(step): selection not on screen after \(recent.joined(separator: " ")), filter \(s.filter?.text ?? "none")")
            }
            for y in 0..<buffer.size.height where buffer.width(ofRow: y) != buffer.size.width {
                Issue.record("step \(step): row \(y) is \(buffer.width(ofRow: y)) cells wide at \(buffer.size)")
            }
        }
    }
}


@Suite("Hostile text in the browser")
struct HostileScreenTests {
    @Test func everyScreenStaysWellFormed() throws {
        let (json, source) = HostileText.timeline()
        let timeline = try TimelineLoader.load(.memory(["timeline.json": json, "wire.txt": source], label: "hostile")).get()
        let screens: [[Key]] = [[], [.down], [.down, .tab], [.down, .tab, .tab], [.down, .tab, .tab, .tab], [.down, .tab, .tab, .tab, .tab],
                                [.down, .tab, .tab, .tab, .tab, .enter], [.enter, .enter], keys("p"), keys("/evil"), keys("?"),
                                [.tab, .tab, .tab, .enter]]
        for size in snapshotSizes + [Size(width: 33, height: 9), Size(width: 137, height: 41)] {
            for keys in screens {
                var s = AppState(timeline: timeline, size: size)
                for key in keys { s.handle(.key(key)) }
                let buffer = s.render()
                expectWellFormed(buffer)
                #expect(!buffer.lines.joined().contains("\u{1B}"))
            }
        }
    }
}

@Suite("The too-small message")
struct TooSmallTests {
    @Test func fitsEverySizeUnderTheMinimum() {
        for width in 0...160 {
            for height in 0...12 where width < LayoutPlan.minimum.width || height < LayoutPlan.minimum.height {
                var buffer = ScreenBuffer(size: Size(width: width, height: height))
                buffer.drawTooSmall(need: LayoutPlan.minimum)
                expectWellFormed(buffer)
            }
        }
    }
}

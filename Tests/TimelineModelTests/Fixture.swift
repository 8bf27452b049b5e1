import TestSupport
import TimelineModel

/// The sample timeline, loaded in memory.
enum Fixture {
    static let timeline = SampleTimeline.json

    static func replacing(_ old: String, with new: String) -> String { SampleTimeline.replacing(old, with: new) }

    static func load(_ json: String = timeline, source: String? = SampleTimeline.source) -> Result<Timeline, TimelineLoadError> {
        TimelineLoader.load(SampleTimeline.files(json, source: source))
    }

    static func diagnostics(_ json: String, source: String? = SampleTimeline.source) -> [Diagnostic] {
        switch load(json, source: source) {
        case .success: return []
        case .failure(let error): return error.diagnostics
        }
    }
}

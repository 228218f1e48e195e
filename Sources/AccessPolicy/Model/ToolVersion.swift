/// This build's version, shown by `--version` and recorded in saved plans: a plan is applied only by the
/// version that made it, because another version may derive other writes from the same policy.
public enum ToolVersion {
    public static let current = "0.2.0"
}

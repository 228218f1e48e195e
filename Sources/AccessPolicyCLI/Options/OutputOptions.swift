import AccessPolicy
import ArgumentParser

struct OutputOptions: ParsableArguments {
    @Option(help: "Output format: text, json or markdown.")
    var format: PlanFormat = .text
}

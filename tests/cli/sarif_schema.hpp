// tests/cli/sarif_schema.hpp — checks a SARIF log against the SARIF 2.1.0
// JSON schema's rules for every object `redact --format sarif` writes.
//
//   std::vector<std::string> problems = redact::test::sarif_problems(log);
//   EXPECT_TRUE(problems.empty()) << problems.front();
//
// The table below transcribes, from the OASIS schema
// (sarif-schema-2.1.0.json, errata01), each definition reachable from the
// objects we emit: its required properties, its anyOf requirements, its
// complete property list (every one of them has "additionalProperties":
// false, except propertyBag), and the type, enum and minimum of the
// properties whose values we write. A property we never write is checked
// for its name only ("any").
#pragma once

#include <algorithm>
#include <map>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

namespace redact::test {

struct sarif_property {
  enum type_t { any, string, integer, number, boolean, object, ref, array_of_ref, array_of_string };
  type_t type = any;
  std::string target;  // definition name for ref / array_of_ref
  std::vector<std::string> enumeration;
  bool has_minimum = false;
  double minimum = 0;
  bool nullable = false;

  static sarif_property of(type_t t, std::string target_name = {},
                           std::vector<std::string> values = {}) {
    sarif_property p;
    p.type = t;
    p.target = std::move(target_name);
    p.enumeration = std::move(values);
    return p;
  }
};

struct sarif_definition {
  std::vector<std::string> required;
  std::vector<std::vector<std::string>> any_of_required;
  bool additional_properties = false;
  std::map<std::string, sarif_property> properties;
};

inline const std::map<std::string, sarif_definition>& sarif_definitions() {
  using P = sarif_property;
  const auto str = [] { return P::of(P::string); };
  const auto integer_min = [](double m) {
    P p = P::of(P::integer);
    p.has_minimum = true;
    p.minimum = m;
    return p;
  };
  const auto ref = [](std::string r) { return P::of(P::ref, std::move(r)); };
  const auto refs = [](std::string r) { return P::of(P::array_of_ref, std::move(r)); };
  const auto names = [](std::initializer_list<const char*> list) {
    std::map<std::string, P> m;
    for (const char* n : list) m[n] = P{};
    return m;
  };
  static const std::map<std::string, sarif_definition> defs = [&] {
    std::map<std::string, sarif_definition> d;
    {
      sarif_definition& x = d["sarifLog"];
      x.required = {"version", "runs"};
      x.properties =
          names({"$schema", "version", "runs", "inlineExternalProperties", "properties"});
      x.properties["$schema"] = str();
      x.properties["version"] = P::of(P::string, {}, {"2.1.0"});
      x.properties["runs"] = refs("run");
      x.properties["runs"].nullable = true;
      x.properties["properties"] = ref("propertyBag");
    }
    {
      sarif_definition& x = d["run"];
      x.required = {"tool"};
      x.properties = names({"tool",
                            "invocations",
                            "conversion",
                            "language",
                            "versionControlProvenance",
                            "originalUriBaseIds",
                            "artifacts",
                            "logicalLocations",
                            "graphs",
                            "results",
                            "automationDetails",
                            "runAggregates",
                            "baselineGuid",
                            "redactionTokens",
                            "defaultEncoding",
                            "defaultSourceLanguage",
                            "newlineSequences",
                            "columnKind",
                            "externalPropertyFileReferences",
                            "threadFlowLocations",
                            "taxonomies",
                            "addresses",
                            "translations",
                            "policies",
                            "webRequests",
                            "webResponses",
                            "specialLocations",
                            "properties"});
      x.properties["tool"] = ref("tool");
      x.properties["invocations"] = refs("invocation");
      x.properties["results"] = refs("result");
      x.properties["properties"] = ref("propertyBag");
    }
    {
      sarif_definition& x = d["tool"];
      x.required = {"driver"};
      x.properties = names({"driver", "extensions", "properties"});
      x.properties["driver"] = ref("toolComponent");
      x.properties["properties"] = ref("propertyBag");
    }
    {
      sarif_definition& x = d["toolComponent"];
      x.required = {"name"};
      x.properties = names({"guid",
                            "name",
                            "organization",
                            "product",
                            "productSuite",
                            "shortDescription",
                            "fullDescription",
                            "fullName",
                            "version",
                            "semanticVersion",
                            "dottedQuadFileVersion",
                            "releaseDateUtc",
                            "downloadUri",
                            "informationUri",
                            "globalMessageStrings",
                            "notifications",
                            "rules",
                            "taxa",
                            "locations",
                            "language",
                            "contents",
                            "isComprehensive",
                            "localizedDataSemanticVersion",
                            "minimumRequiredLocalizedDataSemanticVersion",
                            "associatedComponent",
                            "translationMetadata",
                            "supportedTaxonomies",
                            "properties"});
      x.properties["name"] = str();
      x.properties["version"] = str();
      x.properties["semanticVersion"] = str();
      x.properties["rules"] = refs("reportingDescriptor");
      x.properties["properties"] = ref("propertyBag");
    }
    {
      sarif_definition& x = d["reportingDescriptor"];
      x.required = {"id"};
      x.properties =
          names({"id", "deprecatedIds", "guid", "deprecatedGuids", "name", "deprecatedNames",
                 "shortDescription", "fullDescription", "messageStrings", "defaultConfiguration",
                 "helpUri", "help", "relationships", "properties"});
      x.properties["id"] = str();
      x.properties["name"] = str();
      x.properties["shortDescription"] = ref("multiformatMessageString");
      x.properties["fullDescription"] = ref("multiformatMessageString");
      x.properties["help"] = ref("multiformatMessageString");
      x.properties["defaultConfiguration"] = ref("reportingConfiguration");
      x.properties["properties"] = ref("propertyBag");
    }
    {
      sarif_definition& x = d["multiformatMessageString"];
      x.required = {"text"};
      x.properties = names({"text", "markdown", "properties"});
      x.properties["text"] = str();
      x.properties["properties"] = ref("propertyBag");
    }
    {
      sarif_definition& x = d["reportingConfiguration"];
      x.properties = names({"enabled", "level", "rank", "parameters", "properties"});
      x.properties["level"] = P::of(P::string, {}, {"none", "note", "warning", "error"});
      x.properties["properties"] = ref("propertyBag");
    }
    {
      sarif_definition& x = d["invocation"];
      x.required = {"executionSuccessful"};
      x.properties = names({"commandLine",
                            "arguments",
                            "responseFiles",
                            "startTimeUtc",
                            "endTimeUtc",
                            "exitCode",
                            "ruleConfigurationOverrides",
                            "notificationConfigurationOverrides",
                            "toolExecutionNotifications",
                            "toolConfigurationNotifications",
                            "exitCodeDescription",
                            "exitSignalName",
                            "exitSignalNumber",
                            "processStartFailureMessage",
                            "executionSuccessful",
                            "machine",
                            "account",
                            "processId",
                            "executableLocation",
                            "workingDirectory",
                            "environmentVariables",
                            "stdin",
                            "stdout",
                            "stderr",
                            "stdoutStderr",
                            "properties"});
      x.properties["executionSuccessful"] = P::of(P::boolean);
      x.properties["properties"] = ref("propertyBag");
    }
    {
      sarif_definition& x = d["result"];
      x.required = {"message"};
      x.properties = names({"ruleId",
                            "ruleIndex",
                            "rule",
                            "kind",
                            "level",
                            "message",
                            "analysisTarget",
                            "locations",
                            "guid",
                            "correlationGuid",
                            "occurrenceCount",
                            "partialFingerprints",
                            "fingerprints",
                            "stacks",
                            "codeFlows",
                            "graphs",
                            "graphTraversals",
                            "relatedLocations",
                            "suppressions",
                            "baselineState",
                            "rank",
                            "attachments",
                            "hostedViewerUri",
                            "workItemUris",
                            "provenance",
                            "fixes",
                            "taxa",
                            "webRequest",
                            "webResponse",
                            "properties"});
      x.properties["ruleId"] = str();
      x.properties["ruleIndex"] = integer_min(-1);
      x.properties["level"] = P::of(P::string, {}, {"none", "note", "warning", "error"});
      x.properties["message"] = ref("message");
      x.properties["locations"] = refs("location");
      x.properties["partialFingerprints"] = P::of(P::object);  // additionalProperties: string
      x.properties["properties"] = ref("propertyBag");
    }
    {
      sarif_definition& x = d["message"];
      x.any_of_required = {{"text"}, {"id"}};
      x.properties = names({"text", "markdown", "id", "arguments", "properties"});
      x.properties["text"] = str();
      x.properties["properties"] = ref("propertyBag");
    }
    {
      sarif_definition& x = d["location"];
      x.properties = names({"id", "physicalLocation", "logicalLocations", "message", "annotations",
                            "relationships", "properties"});
      x.properties["physicalLocation"] = ref("physicalLocation");
      x.properties["logicalLocations"] = refs("logicalLocation");
      x.properties["message"] = ref("message");
      x.properties["properties"] = ref("propertyBag");
    }
    {
      sarif_definition& x = d["physicalLocation"];
      x.any_of_required = {{"address"}, {"artifactLocation"}};
      x.properties =
          names({"address", "artifactLocation", "region", "contextRegion", "properties"});
      x.properties["artifactLocation"] = ref("artifactLocation");
      x.properties["region"] = ref("region");
      x.properties["properties"] = ref("propertyBag");
    }
    {
      sarif_definition& x = d["artifactLocation"];
      x.properties = names({"uri", "uriBaseId", "index", "description", "properties"});
      x.properties["uri"] = str();
      x.properties["properties"] = ref("propertyBag");
    }
    {
      sarif_definition& x = d["region"];
      x.any_of_required = {{"startLine"}, {"charOffset"}, {"byteOffset"}};
      x.properties =
          names({"startLine", "startColumn", "endLine", "endColumn", "charOffset", "charLength",
                 "byteOffset", "byteLength", "snippet", "message", "sourceLanguage", "properties"});
      x.properties["startLine"] = integer_min(1);
      x.properties["startColumn"] = integer_min(1);
      x.properties["properties"] = ref("propertyBag");
    }
    {
      sarif_definition& x = d["logicalLocation"];
      x.properties = names({"name", "index", "fullyQualifiedName", "decoratedName", "parentIndex",
                            "kind", "properties"});
      x.properties["name"] = str();
      x.properties["kind"] = str();
      x.properties["properties"] = ref("propertyBag");
    }
    {
      sarif_definition& x = d["propertyBag"];
      x.additional_properties = true;
      x.properties["tags"] = P::of(P::array_of_string);
    }
    return d;
  }();
  return defs;
}

namespace sarif_detail {

inline void check(const nlohmann::json& v, const std::string& def_name, const std::string& path,
                  std::vector<std::string>& problems);

inline void check_property(const nlohmann::json& v, const sarif_property& p,
                           const std::string& path, std::vector<std::string>& problems) {
  const auto bad = [&](const std::string& what) { problems.push_back(path + ": " + what); };
  if (p.nullable && v.is_null()) return;
  switch (p.type) {
    case sarif_property::any:
      return;
    case sarif_property::string:
      if (!v.is_string()) return bad("must be a string");
      if (!p.enumeration.empty() && std::find(p.enumeration.begin(), p.enumeration.end(),
                                              v.get<std::string>()) == p.enumeration.end())
        bad("'" + v.get<std::string>() + "' is not an allowed value");
      return;
    case sarif_property::integer:
      if (!v.is_number_integer()) return bad("must be an integer");
      if (p.has_minimum && v.get<double>() < p.minimum) bad("is below the minimum");
      return;
    case sarif_property::number:
      if (!v.is_number()) bad("must be a number");
      return;
    case sarif_property::boolean:
      if (!v.is_boolean()) bad("must be a boolean");
      return;
    case sarif_property::object:
      if (!v.is_object()) return bad("must be an object");
      for (const auto& [k, e] : v.items())
        if (!e.is_string()) bad("'" + k + "' must be a string");
      return;
    case sarif_property::ref:
      check(v, p.target, path, problems);
      return;
    case sarif_property::array_of_ref:
      if (!v.is_array()) return bad("must be an array");
      for (std::size_t i = 0; i < v.size(); ++i)
        check(v[i], p.target, path + "[" + std::to_string(i) + "]", problems);
      return;
    case sarif_property::array_of_string:
      if (!v.is_array()) return bad("must be an array");
      for (const auto& e : v)
        if (!e.is_string()) bad("must hold strings");
      return;
  }
}

inline void check(const nlohmann::json& v, const std::string& def_name, const std::string& path,
                  std::vector<std::string>& problems) {
  const sarif_definition& def = sarif_definitions().at(def_name);
  if (!v.is_object()) {
    problems.push_back(path + ": must be an object (" + def_name + ")");
    return;
  }
  for (const std::string& r : def.required)
    if (!v.contains(r))
      problems.push_back(path + ": missing required '" + r + "' (" + def_name + ")");
  if (!def.any_of_required.empty()) {
    bool any = false;
    for (const auto& set : def.any_of_required) {
      bool all = true;
      for (const std::string& r : set) all = all && v.contains(r);
      any = any || all;
    }
    if (!any) problems.push_back(path + ": none of the anyOf requirements of " + def_name);
  }
  for (const auto& [key, value] : v.items()) {
    const auto it = def.properties.find(key);
    if (it == def.properties.end()) {
      if (!def.additional_properties)
        problems.push_back(path + ": property '" + key + "' is not allowed in " + def_name);
      continue;
    }
    check_property(value, it->second, path + "." + key, problems);
  }
}

}  // namespace sarif_detail

/// Every violation found, as "path: reason"; empty when the log conforms.
inline std::vector<std::string> sarif_problems(const nlohmann::json& log) {
  std::vector<std::string> problems;
  sarif_detail::check(log, "sarifLog", "$", problems);
  return problems;
}

}  // namespace redact::test

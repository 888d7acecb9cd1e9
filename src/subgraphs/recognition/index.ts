import type { SubgraphModule } from "../../platform/graphql/subgraph";
import { RecognitionAgreementEntity } from "./agreement.entity";
import { RecognitionResolver } from "./recognition.resolver";
import { recognitionReferences } from "./recognition.references";
import { Certificate, MetrologyResult } from "./references.type";
import { CertificateRecognitionResolver, MetrologyRecognitionResolver } from "./subject-recognition.resolver";

export { evaluate } from "./recognition.rules";
export { decideRecognition, type Decision, type RecognitionQuery } from "./decision.service";

/** Recognition agreements, the rule engine, Certificate.recognition, MetrologyResult.recognition and verifyRecognition. */
export function createSubgraph(): SubgraphModule {
  return {
    name: "recognition",
    resolvers: [RecognitionResolver, CertificateRecognitionResolver, MetrologyRecognitionResolver],
    // Reached by no query of ours: the gateway comes to them through their keys.
    orphanedTypes: [Certificate, MetrologyResult],
    references: recognitionReferences,
    entities: [RecognitionAgreementEntity],
  };
}

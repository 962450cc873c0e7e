package io.mesosbridge.operator.authorization;

import io.fabric8.kubernetes.api.model.authorization.v1.ResourceAttributesBuilder;
import io.fabric8.kubernetes.api.model.authorization.v1.SubjectAccessReview;
import io.fabric8.kubernetes.api.model.authorization.v1.SubjectAccessReviewBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;

import java.time.Duration;
import java.util.Optional;

/**
 * Authorizes Kubernetes users with a SubjectAccessReview of the {@link KubernetesPermission} that stands for the
 * action, in the bridge's namespace. Decisions, allowed or denied, are cached for a short time, a bounded number of
 * them; a review that fails is an {@link AuthorizationUnavailableException}, not a denial, and is not cached.
 */
public final class KubernetesAuthorizer implements KubernetesUserAuthorizer {

    private record Question(KubernetesUser user, Action action, Optional<String> object) {
    }

    private final KubernetesClient client;
    private final String namespace;
    private final DecisionCache<Question> cache;

    public KubernetesAuthorizer(KubernetesClient client, String namespace, int maxCachedDecisions, Duration ttl) {
        this.client = client;
        this.namespace = namespace;
        this.cache = new DecisionCache<>(maxCachedDecisions, ttl.toNanos(), System::nanoTime);
    }

    /** The object, if any, is the review's resource name. */
    @Override
    public boolean allows(KubernetesUser user, Action action, Optional<String> object) {
        Question question = new Question(user, action, object);
        return cache.decide(question, () -> review(question));
    }

    private boolean review(Question question) {
        KubernetesPermission permission = KubernetesPermission.of(question.action());
        SubjectAccessReview review = new SubjectAccessReviewBuilder()
                .withNewSpec()
                    .withUser(question.user().username())
                    .withUid(question.user().uid().orElse(null))
                    .withGroups(question.user().groups())
                    .withExtra(question.user().extra().isEmpty() ? null : question.user().extra())
                    .withResourceAttributes(new ResourceAttributesBuilder()
                            .withVerb(permission.verb())
                            .withGroup(permission.group())
                            .withResource(permission.resource())
                            .withSubresource(permission.subresource())
                            .withNamespace(permission.namespaced() ? namespace : "")
                            .withName(question.object().orElse(""))
                            .build())
                .endSpec()
                .build();
        try {
            SubjectAccessReview answer = client.authorization().v1().subjectAccessReview().create(review);
            return answer.getStatus() != null && Boolean.TRUE.equals(answer.getStatus().getAllowed());
        } catch (KubernetesClientException e) {
            throw new AuthorizationUnavailableException("SubjectAccessReview for " + question.action().aclsField()
                    + " failed: " + e.getMessage(), e);
        }
    }
}

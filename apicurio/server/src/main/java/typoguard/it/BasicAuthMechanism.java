package typoguard.it;

import java.util.Set;

import javax.annotation.Priority;
import javax.enterprise.context.ApplicationScoped;
import javax.enterprise.inject.Alternative;

import io.quarkus.security.identity.IdentityProviderManager;
import io.quarkus.security.identity.SecurityIdentity;
import io.quarkus.security.identity.request.AuthenticationRequest;
import io.quarkus.vertx.http.runtime.security.BasicAuthenticationMechanism;
import io.quarkus.vertx.http.runtime.security.ChallengeData;
import io.quarkus.vertx.http.runtime.security.HttpAuthenticationMechanism;
import io.quarkus.vertx.http.runtime.security.HttpCredentialTransport;
import io.smallrye.mutiny.Uni;
import io.vertx.ext.web.RoutingContext;

/**
 * Test-only addition (not part of Apicurio): Apicurio 2.4.2 installs its own
 * HttpAuthenticationMechanism as a CDI alternative with priority 1, which only understands
 * OIDC bearer tokens (or basic credentials exchanged at a Keycloak token endpoint). This
 * alternative (priority 2, so it wins) authenticates plain HTTP basic credentials against
 * Quarkus' identity providers instead, e.g. the embedded users of
 * quarkus-elytron-security-properties-file. Apicurio's own authorization
 * (registry.auth.*, roles sr-admin / sr-developer / sr-readonly) then applies unchanged.
 */
@Alternative
@Priority(2)
@ApplicationScoped
public class BasicAuthMechanism implements HttpAuthenticationMechanism {

    private final BasicAuthenticationMechanism basic = new BasicAuthenticationMechanism("apicurio", false);

    @Override
    public Uni<SecurityIdentity> authenticate(RoutingContext context, IdentityProviderManager ipm) {
        return basic.authenticate(context, ipm);
    }

    @Override
    public Uni<ChallengeData> getChallenge(RoutingContext context) {
        return basic.getChallenge(context);
    }

    @Override
    public Set<Class<? extends AuthenticationRequest>> getCredentialTypes() {
        return basic.getCredentialTypes();
    }

    @Override
    public Uni<HttpCredentialTransport> getCredentialTransport(RoutingContext context) {
        return basic.getCredentialTransport(context);
    }
}

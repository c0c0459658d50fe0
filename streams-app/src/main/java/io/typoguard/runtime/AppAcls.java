package io.typoguard.runtime;

import io.typoguard.topology.Topics;
import java.util.ArrayList;
import java.util.List;
import org.apache.kafka.common.acl.AccessControlEntry;
import org.apache.kafka.common.acl.AclBinding;
import org.apache.kafka.common.acl.AclOperation;
import org.apache.kafka.common.acl.AclPermissionType;
import org.apache.kafka.common.resource.PatternType;
import org.apache.kafka.common.resource.ResourcePattern;
import org.apache.kafka.common.resource.ResourceType;

/**
 * The ACLs Typoguard's principal needs and nothing more: read its inputs, write its outputs, everything on its
 * internal topics (prefix {@code application.id}), its consumer group, and its transactional ids (prefix
 * {@code application.id}, for exactly_once_v2). No cluster-level ACL: since KIP-679 a principal with WRITE on a
 * topic or transactional id may produce idempotently without IDEMPOTENT_WRITE on the cluster. With
 * {@code withTables}, also WRITE on the trusted list and the exceptions, for {@code typoguard trusted} and
 * {@code typoguard exceptions} run with the app's own credentials.
 */
public final class AppAcls {
    private AppAcls() {
    }

    public static List<AclBinding> bindings(Topics topics, String principal, String applicationId, boolean withTables) {
        List<AclBinding> acls = new ArrayList<>();
        for (String t : List.of(topics.raw(), topics.trusted(), topics.exceptions(), topics.events(), topics.decisions(),
                topics.correspondents())) {
            acls.add(allow(ResourceType.TOPIC, t, PatternType.LITERAL, principal, AclOperation.READ));
        }
        List<String> written = new ArrayList<>(List.of(topics.events(), topics.findings(), topics.senderStats(), topics.alerts(),
                topics.alertsOcsf(), topics.domainStats(), topics.deadLetter(), topics.decisions(), topics.correspondents()));
        if (withTables) {
            written.addAll(List.of(topics.trusted(), topics.exceptions()));
        }
        for (String t : written) {
            acls.add(allow(ResourceType.TOPIC, t, PatternType.LITERAL, principal, AclOperation.WRITE));
            acls.add(allow(ResourceType.TOPIC, t, PatternType.LITERAL, principal, AclOperation.DESCRIBE));
        }
        acls.add(allow(ResourceType.TOPIC, applicationId, PatternType.PREFIXED, principal, AclOperation.ALL));
        acls.add(allow(ResourceType.GROUP, applicationId, PatternType.LITERAL, principal, AclOperation.READ));
        acls.add(allow(ResourceType.TRANSACTIONAL_ID, applicationId, PatternType.PREFIXED, principal, AclOperation.WRITE));
        acls.add(allow(ResourceType.TRANSACTIONAL_ID, applicationId, PatternType.PREFIXED, principal, AclOperation.DESCRIBE));
        return acls;
    }

    private static AclBinding allow(ResourceType type, String name, PatternType pattern, String principal, AclOperation op) {
        return new AclBinding(new ResourcePattern(type, name, pattern), new AccessControlEntry(principal, "*", op, AclPermissionType.ALLOW));
    }
}

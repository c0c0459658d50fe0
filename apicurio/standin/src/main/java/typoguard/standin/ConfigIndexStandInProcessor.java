package typoguard.standin;

import java.util.ArrayList;
import java.util.List;

import org.jboss.jandex.AnnotationInstance;
import org.jboss.jandex.AnnotationValue;
import org.jboss.jandex.DotName;

import apicurio.common.app.components.config.index.DynamicPropertiesInfoRecorder;
import io.apicurio.common.apps.config.DynamicConfigPropertyDef;
import io.apicurio.common.apps.config.DynamicConfigPropertyList;
import io.quarkus.arc.deployment.BeanDiscoveryFinishedBuildItem;
import io.quarkus.arc.deployment.SyntheticBeanBuildItem;
import io.quarkus.arc.processor.InjectionPointInfo;
import io.quarkus.deployment.annotations.BuildProducer;
import io.quarkus.deployment.annotations.BuildStep;
import io.quarkus.deployment.annotations.ExecutionTime;
import io.quarkus.deployment.annotations.Record;
import io.quarkus.deployment.builditem.FeatureBuildItem;

/**
 * Build step of the config-index extension (stand-in, written for Typoguard's test build).
 * Publishes the list of "dynamic" configuration properties (fields with both
 * {@code @ConfigProperty} and {@code @io.apicurio.common.apps.config.Dynamic})
 * as a runtime-initialised synthetic bean of type {@link DynamicConfigPropertyList}.
 */
public class ConfigIndexStandInProcessor {

    private static final DotName CONFIG_PROPERTY =
            DotName.createSimple("org.eclipse.microprofile.config.inject.ConfigProperty");
    private static final DotName DYNAMIC = DotName.createSimple("io.apicurio.common.apps.config.Dynamic");

    @BuildStep
    FeatureBuildItem feature() {
        return new FeatureBuildItem("config-index-standin");
    }

    @BuildStep
    @Record(ExecutionTime.RUNTIME_INIT)
    void dynamicPropertyList(DynamicPropertiesInfoRecorder recorder,
            BeanDiscoveryFinishedBuildItem discovery,
            BuildProducer<SyntheticBeanBuildItem> beans) {
        List<DynamicConfigPropertyDef> defs = new ArrayList<>();
        for (InjectionPointInfo ip : discovery.getInjectionPoints()) {
            AnnotationInstance cp = ip.getRequiredQualifier(CONFIG_PROPERTY);
            if (cp == null || !ip.isField() || ip.getTarget().asField().annotation(DYNAMIC) == null) {
                continue;
            }
            AnnotationInstance dyn = ip.getTarget().asField().annotation(DYNAMIC);
            String name = cp.value("name").asString();
            AnnotationValue dflt = cp.value("defaultValue");
            if (dflt == null) {
                throw new IllegalStateException("Dynamic config property '" + name + "' needs a default value");
            }
            // Field type is Supplier<X>: X is the property's type.
            String typeName = ip.getRequiredType().asParameterizedType().arguments().get(0).name().toString();
            Class<?> type;
            try {
                type = Class.forName(typeName, false, Thread.currentThread().getContextClassLoader());
            } catch (ClassNotFoundException e) {
                throw new IllegalStateException("Cannot load type " + typeName + " of " + name, e);
            }
            DynamicConfigPropertyDef def = new DynamicConfigPropertyDef(name, type, dflt.asString());
            if (dyn.value("label") != null) {
                def.setLabel(dyn.value("label").asString());
            }
            if (dyn.value("description") != null) {
                def.setDescription(dyn.value("description").asString());
            }
            if (dyn.value("requires") != null) {
                def.setRequires(dyn.value("requires").asStringArray());
            }
            defs.add(def);
        }
        beans.produce(SyntheticBeanBuildItem.configure(DynamicConfigPropertyList.class)
                .runtimeValue(recorder.initializePropertiesInfo(defs))
                .unremovable()
                .setRuntimeInit()
                .done());
    }
}

package io.mlopsbridge.subset;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

/** Class-file generic signatures read into the manifest's notation. */
class GenericSignaturesTest {

    @Test
    void anInterfaceOnlyBoundIsWrittenAfterExtendsAndALoneObjectBoundIsLeftOut() {
        GenericSignatures.MethodSignature s = GenericSignatures.ofMethod(
                "<T::Ljava/lang/Comparable<-TT;>;U:Ljava/lang/Object;>(Ljava/util/List<+TT;>;[TU;)TT;");

        assertThat(s.typeParameters()).isEqualTo("<T extends java.lang.Comparable<? super T>,U>");
        assertThat(s.parameters()).containsExactly("java.util.List<? extends T>", "U[]");
        assertThat(s.returnType()).isEqualTo("T");
    }

    @Test
    void intersectionBoundsAndNestedTypesUseBinaryNames() {
        GenericSignatures.ClassSignature s = GenericSignatures.ofClass("<JobT:Lhudson/model/Job<TJobT;TRunT;>;"
                + ":Lhudson/model/Queue$Task;RunT:Lhudson/model/Run<TJobT;TRunT;>;>Ljava/lang/Object;"
                + "Ljava/lang/Comparable<TRunT;>;");

        assertThat(s.typeParameters()).isEqualTo("<JobT extends hudson.model.Job<JobT,RunT>&hudson.model.Queue$Task,"
                + "RunT extends hudson.model.Run<JobT,RunT>>");
        assertThat(s.superclass()).isEqualTo("java.lang.Object");
        assertThat(s.interfaces()).containsExactly("java.lang.Comparable<RunT>");
    }

    @Test
    void aThrownTypeVariableAndAnInnerClassOfAGenericOuterAreKept() {
        GenericSignatures.MethodSignature s = GenericSignatures.ofMethod(
                "<E:Ljava/lang/Exception;>(Ljava/util/Map<TE;*>.Entry<TE;*>;)V^TE;^Ljava/io/IOException;");

        assertThat(s.parameters()).containsExactly("java.util.Map<E,?>$Entry<E,?>");
        assertThat(s.thrown()).isEqualTo(List.of("E", "java.io.IOException"));
    }
}

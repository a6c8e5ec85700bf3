package io.cgflow.core.topology;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

/** Element guessing from atom and residue names, as GRO and PDB files need it. */
class ElementsTest {
    @Test
    void halogensAreNotCarbon() {
        assertEquals("Cl", Elements.guess("CL", "LIG"));
        assertEquals("Cl", Elements.guess("CL1", "CHCL3"));
        assertEquals("Cl", Elements.guess("Cl2", "UNK"));
        assertEquals("Br", Elements.guess("BR", "LIG"));
        assertEquals("Br", Elements.guess("Br1", "MOL"));
        assertEquals(35.45, Elements.mass(Elements.guess("CL1", "DCM")).orElseThrow(), 1e-9);
        assertEquals(79.904, Elements.mass(Elements.guess("BR", "BRB")).orElseThrow(), 1e-9);
    }

    @Test
    void ions() {
        assertEquals("Cl", Elements.guess("CLA", "CLA"));
        assertEquals("Na", Elements.guess("SOD", "SOD"));
        assertEquals("K", Elements.guess("POT", "POT"));
        assertEquals("Ca", Elements.guess("CAL", "CAL"));
        assertEquals("Ca", Elements.guess("CA", "CA"));
        assertEquals("Mg", Elements.guess("MG", "MG"));
        assertEquals("Zn", Elements.guess("ZN", "ZN2"));
        assertEquals("Zn", Elements.guess("Zn", "ION"));
        assertEquals("Fe", Elements.guess("FE", "FE"));
        assertEquals("Na", Elements.guess("NA", "NA"));
        assertEquals("Na", Elements.guess("NA+", "ION"));
        assertEquals("Cl", Elements.guess("CL-", "CL-"));
        assertEquals("Mg", Elements.guess("MG2+", "XX"));
        assertEquals("Na", Elements.guess("NA", "IONS"));
    }

    @Test
    void proteinNamesStaySingleLetter() {
        assertEquals("C", Elements.guess("CA", "ALA"));
        assertEquals("C", Elements.guess("CB", "LYS"));
        assertEquals("N", Elements.guess("NZ", "LYS"));
        assertEquals("H", Elements.guess("HG1", "THR"));
        assertEquals("C", Elements.guess("CH3", "ACE"));
        assertEquals("O", Elements.guess("OW", "SOL"));
        assertEquals("", Elements.guess("MW", "SOL"));
        assertEquals("Ar", Elements.guess("AR", "AR"));
    }
}

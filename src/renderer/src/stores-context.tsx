import { createContext, useContext, type ReactNode } from 'react';
import type { Stores } from './stores/stores';

const StoresContext = createContext<Stores | null>(null);

/** Hands the stores to every view; views read them with `useStore(store, selector)`. */
export function StoresProvider({ stores, children }: { stores: Stores; children: ReactNode }) {
  return <StoresContext.Provider value={stores}>{children}</StoresContext.Provider>;
}

export function useStores(): Stores {
  const stores = useContext(StoresContext);
  if (!stores) throw new Error('useStores outside StoresProvider');
  return stores;
}

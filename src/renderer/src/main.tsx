import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { createControlClient } from './api/control-client';
import { App } from './app';
import { StoresProvider } from './stores-context';
import { connectStores } from './stores/connect-stores';
import { createStores } from './stores/stores';
import './styles.css';

const client = createControlClient();
const stores = createStores(client.api);
connectStores(client, stores);

createRoot(document.getElementById('root')!).render(
  <StrictMode>
    <StoresProvider stores={stores}>
      <App />
    </StoresProvider>
  </StrictMode>,
);
